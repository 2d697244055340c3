import Foundation

/// What a handled mail leaves in the mail ledger: its outcome under the redelivery key (which
/// forgets the message's deferral), a refusal under its txHash, the queued reply, and the replies
/// that wait for the transaction's or its chain transactions' end.
///
/// A plain value, so that every store writes it inside the transaction that commits the execution
/// it reports (`AccountCommit.mailRecord`), on the same connection: both are kept or neither is,
/// for the cost of one commit. The ledger's tables live in the store's database.
package struct MailLedgerRecord: Sendable {
    package struct Outcome: Sendable, Hashable {
        package let redeliveryKey: String
        package let json: String

        package init(redeliveryKey: String, json: String) {
            self.redeliveryKey = redeliveryKey
            self.json = json
        }
    }

    package struct Refusal: Sendable, Hashable {
        package let txHash: String
        package let code: String
        package let message: String

        package init(txHash: String, code: String, message: String) {
            self.txHash = txHash
            self.code = code
            self.message = message
        }
    }

    /// A reply for the outbox.
    package struct QueuedMail: Sendable, Hashable {
        package let id: String
        package let from: String
        package let to: [String]
        package let data: [UInt8]

        package init(id: String, from: String, to: [String], data: [UInt8]) {
            self.id = id
            self.from = from
            self.to = to
            self.data = data
        }
    }

    /// A reply written later: when the `signing` transaction `txHash` ends, or (with an action
    /// index) when the chain transaction of that action is final.
    package struct LaterReply: Sendable, Hashable {
        package let txHash: String
        package let json: String

        package init(txHash: String, json: String) {
            self.txHash = txHash
            self.json = json
        }
    }

    /// The second reply to an executed mail, for the chain transaction of the action at `actionIndex`.
    package struct BroadcastReply: Sendable, Hashable {
        package let actionIndex: Int
        package let reply: LaterReply

        package init(actionIndex: Int, reply: LaterReply) {
            self.actionIndex = actionIndex
            self.reply = reply
        }
    }

    package var outcome: Outcome?
    package var refusal: Refusal?
    package var reply: QueuedMail?
    package var awaitingReply: LaterReply?
    package var broadcastReplies: [BroadcastReply] = []
    package let recordedAt: Date

    package init(recordedAt: Date) {
        self.recordedAt = recordedAt
    }
}
