import ChainTransactions
import Foundation

/// What one signing attempt writes for a `signing` transaction: its end, or when to try again.
public struct SigningSettlement: Sendable {
    public enum Change: Sendable {
        case executed(result: JSONValue)
        case failed(EngineError)
        /// A failure that may pass: attempted again from `at`, the attempts counted.
        case retry(at: Date, error: EngineError)
    }

    public let txHash: String
    public let change: Change
    public let recordedAt: Date
    /// The replies of the mails that approved the transaction, answered in the same store transaction.
    package var awaitingReplies: [AwaitingRepliesAnswer] = []
    /// The signed chain transactions of an `executed` end, to send (PROTOCOL.md section 8.4).
    package var broadcasts: [Broadcast] = []

    package init(txHash: String, change: Change, recordedAt: Date) {
        self.txHash = txHash
        self.change = change
        self.recordedAt = recordedAt
    }
}
