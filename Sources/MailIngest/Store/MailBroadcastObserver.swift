import ChainTransactions
import Foundation
import GRDB

/// Sends the second reply to a mail whose chain transaction chainmail sent, once the broadcast
/// ended (confirmed, reverted or failed; PROTOCOL.md section 8.4): the reply is queued and its
/// record removed in one store transaction, so it is sent once, then the replier is woken.
struct MailBroadcastObserver: BroadcastObserver {
    let database: any DatabaseWriter
    let replies: ReplyComposer
    let now: @Sendable () -> Date
    let replyQueued: @Sendable () -> Void

    /// Told twice, the second time finds no record and queues nothing.
    func broadcastEnded(_ broadcast: Broadcast) async throws {
        let date = now()
        let queued = try await database.write { db in
            let key: StatementArguments = [broadcast.txHash, broadcast.actionIndex]
            guard
                let text = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT reply_json FROM mail_broadcast_replies WHERE tx_hash = ? AND action_index = ?"),
                    arguments: key
                )
            else { return false }
            let reply = replies.broadcastReply(try AwaitingReply(storedJSON: text), broadcast: broadcast, date: date)
            try SQLiteMailLedger.enqueue(reply, in: db, at: date.timeIntervalSince1970)
            try db.cachedStatement(sql: "DELETE FROM mail_broadcast_replies WHERE tx_hash = ? AND action_index = ?").execute(arguments: key)
            return true
        }
        if queued { replyQueued() }
    }
}
