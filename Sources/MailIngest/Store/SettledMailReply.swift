import AccountEngine
import Foundation
import GRDB

/// The end of a `signing` transaction, for the mails that approved it: each one's outcome
/// recorded and its reply queued, in the store transaction that records the end, so a reply is
/// queued exactly once (`SQLiteCommitAttachment`).
struct SettledMailReply: SQLiteCommitAttachment {
    let outcome: SigningOutcome
    let replies: ReplyComposer
    let recordedAt: Date

    func write(_ db: Database) throws {
        let stored = try String.fetchAll(
            db.cachedStatement(sql: "SELECT reply_json FROM mail_awaiting_replies WHERE tx_hash = ?"),
            arguments: [outcome.txHash]
        )
        let mailOutcome = MailOutcome.settled(outcome)
        for text in stored {
            let awaiting = try AwaitingReply(storedJSON: text)
            let reply = replies.reply(
                to: awaiting.sender,
                subject: awaiting.subject,
                messageID: awaiting.messageID,
                references: awaiting.references,
                transaction: try? SignedTransaction(jsonText: awaiting.transactionJSON).transaction,
                outcome: mailOutcome,
                date: recordedAt
            )
            var record = MailRecord(
                outcome: mailOutcome,
                redeliveryKey: awaiting.redeliveryKey,
                reply: reply,
                recordedAt: recordedAt.timeIntervalSince1970
            )
            if case .executed(_, let result) = outcome { record.broadcastReplies = replies.sentActionIndices(result).map { ($0, awaiting) } }
            try record.write(db)
        }
        try db.cachedStatement(sql: "DELETE FROM mail_awaiting_replies WHERE tx_hash = ?").execute(arguments: [outcome.txHash])
    }
}
