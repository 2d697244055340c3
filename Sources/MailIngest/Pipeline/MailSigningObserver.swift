import AccountEngine
import Foundation

/// Answers the mails whose transaction was `signing` once it ends: each one's outcome recorded and
/// its reply queued in the store transaction that records the end, so a reply is queued exactly
/// once (`AwaitingRepliesAnswer`); then the replier is woken.
struct MailSigningObserver: SigningSettlementObserver {
    let replies: ReplyComposer
    let now: @Sendable () -> Date
    let replyQueued: @Sendable () -> Void

    func awaitingReplies(for outcome: SigningOutcome) -> AwaitingRepliesAnswer? {
        let replies = self.replies
        let recordedAt = now()
        let mailOutcome = MailOutcome.settled(outcome)
        return AwaitingRepliesAnswer(txHash: outcome.txHash) { json in
            let awaiting = try AwaitingReply(storedJSON: json)
            let reply = replies.reply(
                to: awaiting.sender,
                subject: awaiting.subject,
                messageID: awaiting.messageID,
                references: awaiting.references,
                transaction: try? SignedTransaction(jsonText: awaiting.transactionJSON).transaction,
                outcome: mailOutcome,
                date: recordedAt
            )
            var record = MailLedgerRecord(mailOutcome, redeliveryKey: awaiting.redeliveryKey, reply: reply, recordedAt: recordedAt)
            if case .executed(_, let result) = outcome { record.answerBroadcasts(replies.sentActionIndices(result), with: awaiting) }
            return record
        }
    }

    func settled(_ outcome: SigningOutcome) async {
        replyQueued()
    }
}
