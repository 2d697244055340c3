import Foundation

/// What became of a submitted transaction: executed, or kept until the proofs it still needs
/// arrive (section 4.1).
public enum ExecutionOutcome: Sendable, Hashable {
    case executed(ExecuteResult)
    case awaitingProofs(AwaitingProofs)
    /// Committed, its nonce used, its signatures still being asked of a remote signer
    /// (PROTOCOL.md section 6); GET /v1/transactions/{txHash} tells its end.
    case signing(SigningInProgress)
}

/// A transaction committed as `signing`.
public struct SigningInProgress: Sendable, Hashable {
    public let txHash: String
    public let accountId: String

    public init(txHash: String, accountId: String) {
        self.txHash = txHash
        self.accountId = accountId
    }

    /// `{"txHash","status":"signing"}`.
    public var json: JSONValue {
        .object(["txHash": .string(txHash), "status": .string("signing")])
    }
}

/// A transaction kept with the proofs it has, and what it still needs.
public struct AwaitingProofs: Sendable, Hashable {
    public let txHash: String
    public let accountId: String
    /// The identities the transaction adds whose consent has not arrived, in action order.
    public let missing: [AuthIdentity]
    /// Whether an identity on the account has approved (the authority's proof).
    public let authorityProven: Bool
    public let expiresAt: Date

    public init(txHash: String, accountId: String, missing: [AuthIdentity], authorityProven: Bool, expiresAt: Date) {
        self.txHash = txHash
        self.accountId = accountId
        self.missing = missing
        self.authorityProven = authorityProven
        self.expiresAt = expiresAt
    }

    /// `{"txHash","status":"awaiting_proofs","missing":[IDENTITY…],"authorityProven"}`.
    public var json: JSONValue {
        .object([
            "txHash": .string(txHash),
            "status": .string("awaiting_proofs"),
            "missing": .array(missing.map(\.json)),
            "authorityProven": .bool(authorityProven),
        ])
    }
}
