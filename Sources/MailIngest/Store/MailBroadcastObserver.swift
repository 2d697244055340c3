import ChainTransactions
import Foundation

/// Sends the second reply to a mail whose chain transaction chainmail sent, once the broadcast
/// ended (confirmed, reverted or failed; PROTOCOL.md section 8.4): the reply is queued and its
/// record removed in one store transaction, so it is sent once, then the replier is woken.
struct MailBroadcastObserver: BroadcastObserver {
    let ledger: any MailLedger
    let replies: ReplyComposer
    let now: @Sendable () -> Date
    let replyQueued: @Sendable () -> Void

    /// Told twice, the second time finds no record and queues nothing.
    func broadcastEnded(_ broadcast: Broadcast) async throws {
        let date = now()
        let replies = self.replies
        let queued = try await ledger.queueBroadcastReply(txHash: broadcast.txHash, actionIndex: broadcast.actionIndex) { json in
            replies.broadcastReply(try AwaitingReply(storedJSON: json), broadcast: broadcast, date: date)
        }
        if queued { replyQueued() }
    }
}
