import Foundation

/// One signed chain transaction that chainmail sends (PROTOCOL.md section 8.4), as
/// GET /v1/transactions/{txHash} `broadcasts` tells it: recorded with the execution that signed
/// it, then sent, then followed to its receipt.
public struct Broadcast: Sendable, Hashable {
    /// The chainmail transaction whose execution signed it.
    public let txHash: String
    /// The place of its action in that transaction.
    public let actionIndex: Int
    public let chainId: UInt64
    /// The bytes that were signed and are sent, never re-signed: a broadcast retried after a
    /// restart sends the same transaction under the same nonce.
    public let signedTransaction: [UInt8]
    /// `0x` + keccak256 of `signedTransaction`, lowercase.
    public let transactionHash: String
    public var status: BroadcastStatus
    public var blockNumber: UInt64?
    /// Why it failed: the node's message for a refusal, the last transport error while retrying.
    public var error: String?
    /// Sends and receipt look-ups that failed for a reason that may pass.
    public var attempts: Int
    /// When it was recorded: a broadcast whose node stays down is given up after `Broadcaster`'s limit.
    public let recordedAt: Date

    public init(
        txHash: String,
        actionIndex: Int,
        chainId: UInt64,
        signedTransaction: [UInt8],
        transactionHash: String,
        status: BroadcastStatus = .pending,
        blockNumber: UInt64? = nil,
        error: String? = nil,
        attempts: Int = 0,
        recordedAt: Date
    ) {
        self.txHash = txHash
        self.actionIndex = actionIndex
        self.chainId = chainId
        self.signedTransaction = signedTransaction
        self.transactionHash = transactionHash
        self.status = status
        self.blockNumber = blockNumber
        self.error = error
        self.attempts = attempts
        self.recordedAt = recordedAt
    }
}
