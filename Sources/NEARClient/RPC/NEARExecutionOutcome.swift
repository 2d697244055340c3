/// What `send_tx` and `EXPERIMENTAL_tx_status` say of a transaction that did not fail.
public struct NEARExecutionOutcome: Sendable, Hashable {
    /// How far the transaction has gone: `NONE`, `INCLUDED`, `EXECUTED_OPTIMISTIC`,
    /// `INCLUDED_FINAL`, `EXECUTED` or `FINAL` (nil when the RPC does not say).
    public var finalExecutionStatus: String?
    /// The decoded `SuccessValue` of the transaction's `status`: the return value of its last
    /// action (empty for none); nil while the transaction has not finished.
    public var successValue: [UInt8]?
    /// The transaction's hash in base58, when the answer includes the transaction.
    public var transactionHash: String?

    public init(finalExecutionStatus: String?, successValue: [UInt8]?, transactionHash: String?) {
        self.finalExecutionStatus = finalExecutionStatus
        self.successValue = successValue
        self.transactionHash = transactionHash
    }
}

/// How long `send_tx` or `EXPERIMENTAL_tx_status` waits before it answers (nearcore `TxExecutionStatus`).
public enum NEARWaitUntil: String, Sendable {
    /// Answer at once.
    case none = "NONE"
    /// Once in a block.
    case included = "INCLUDED"
    /// Once executed, in blocks that may still change.
    case executedOptimistic = "EXECUTED_OPTIMISTIC"
    /// Once in a final block.
    case includedFinal = "INCLUDED_FINAL"
    /// Once executed, the transaction's block final.
    case executed = "EXECUTED"
    /// Once executed, every block of it final.
    case final = "FINAL"
}
