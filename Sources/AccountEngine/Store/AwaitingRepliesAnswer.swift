import Foundation

/// The replies that waited for the end of the `signing` transaction `txHash`: the store reads each
/// one kept (`MailLedgerRecord.awaitingReply`) inside the transaction that records the end, writes
/// the record `answer` makes of it, and forgets them, so each is answered exactly once.
package struct AwaitingRepliesAnswer: Sendable {
    package let txHash: String
    package let answer: @Sendable (_ awaitingReplyJSON: String) throws -> MailLedgerRecord

    package init(txHash: String, answer: @escaping @Sendable (String) throws -> MailLedgerRecord) {
        self.txHash = txHash
        self.answer = answer
    }
}
