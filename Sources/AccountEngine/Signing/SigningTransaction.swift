import Foundation

/// A transaction committed as `signing`: its nonce is used and its account changes are applied,
/// its signatures are not obtained yet (PROTOCOL.md section 6).
public struct SigningTransaction: Sendable, Hashable {
    public let txHash: String
    public let accountId: String
    /// The transaction's nonce (its result names the account's next one, `nonce + 1`).
    public let nonce: UInt64
    public let work: SigningWork
    /// Attempts that failed for a while so far (the back-off grows with them).
    public let attempts: Int

    package init(txHash: String, accountId: String, nonce: UInt64, work: SigningWork, attempts: Int) {
        self.txHash = txHash
        self.accountId = accountId
        self.nonce = nonce
        self.work = work
        self.attempts = attempts
    }
}
