import Foundation

/// What the store holds about a transaction whose nonce was committed: executed, still
/// `signing`, or `failed` for good (PROTOCOL.md sections 6 and 7).
public struct TransactionRecord: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case executed
        case signing
        case failed
    }

    public let txHash: String
    public let accountId: String
    public let status: Status
    /// For `executed`: section 4's result object as answered.
    public let resultJSON: String?
    /// For `failed`: why (a signature refused for good).
    public let error: EngineError?
    /// The transaction as it was sent (JSON), for its summary; nil for one recorded before
    /// chainmail kept it.
    public let transactionJSON: String?

    public init(txHash: String, accountId: String, status: Status, resultJSON: String?, error: EngineError?, transactionJSON: String? = nil) {
        self.txHash = txHash
        self.accountId = accountId
        self.status = status
        self.resultJSON = resultJSON
        self.error = error
        self.transactionJSON = transactionJSON
    }
}
