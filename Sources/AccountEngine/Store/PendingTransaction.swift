import Foundation

/// A transaction kept until it has every proof it needs (section 4.1): prepared for approval by
/// mail, or holding some of its proofs. It expires, with its proofs, at `expiresAt`.
public struct PendingTransaction: Sendable, Hashable {
    public let txHash: String
    public let accountId: String
    /// The transaction exactly as it was sent (its JCS hashes to `txHash`).
    public let transactionJSON: String
    public let expiresAt: Date
    public let proofs: [KeptProof]

    public init(txHash: String, accountId: String, transactionJSON: String, expiresAt: Date, proofs: [KeptProof]) {
        self.txHash = txHash
        self.accountId = accountId
        self.transactionJSON = transactionJSON
        self.expiresAt = expiresAt
        self.proofs = proofs
    }

    /// The first authority proof kept: it decides the signing key when the transaction has no
    /// `authTarget`, so a later one cannot change what the first approved.
    public var authority: KeptProof? { proofs.first { $0.role == .authority } }

    public func hasConsent(of identity: AuthIdentity) -> Bool {
        proofs.contains { $0.role == .consent && $0.identity == identity }
    }
}

/// A proof that was verified and kept with its transaction. Only the verdict is needed to
/// execute; `evidence` is kept as a record of what proved it.
public struct KeptProof: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable {
        /// By an identity on the account: it may execute the transaction.
        case authority
        /// By an identity the transaction adds: it agrees to be added (section 4.1).
        case consent
    }

    public let identity: AuthIdentity
    public let role: Role
    /// For an authority proof, the signing target it named (an email's signed `auth-target:` line).
    public let authTarget: AuthIdentity?
    /// `{"message","messageSignature"}` or, for an email, `{"from","dkimDomain","dkimSignature"}`.
    public let evidenceJSON: String
    public let recordedAt: Date

    public init(identity: AuthIdentity, role: Role, authTarget: AuthIdentity?, evidenceJSON: String, recordedAt: Date) {
        self.identity = identity
        self.role = role
        self.authTarget = authTarget
        self.evidenceJSON = evidenceJSON
        self.recordedAt = recordedAt
    }
}

/// What `AccountStore.keep` writes in one store transaction: the transaction (unless already
/// kept), the new proofs, and the proof state they consume.
public struct ProofsToKeep: Sendable {
    public let txHash: String
    public let accountId: String
    public let transactionJSON: String
    /// Used only when the transaction is not kept yet; a kept one keeps its own expiry.
    public let expiresAt: Date
    public let proofs: [KeptProof]
    public let proofStateChanges: [ProofStateChange]
    public let now: Date

    public init(
        txHash: String,
        accountId: String,
        transactionJSON: String,
        expiresAt: Date,
        proofs: [KeptProof],
        proofStateChanges: [ProofStateChange],
        now: Date
    ) {
        self.txHash = txHash
        self.accountId = accountId
        self.transactionJSON = transactionJSON
        self.expiresAt = expiresAt
        self.proofs = proofs
        self.proofStateChanges = proofStateChanges
        self.now = now
    }
}

public enum KeepOutcome: Sendable, Hashable {
    /// Written; the transaction as now kept, with every proof (older ones first).
    case kept(PendingTransaction)
    /// A proof state change no longer held: nothing was written.
    case proofStateConflict(EngineError)
}

/// An identity on an account that `chainmail audit` reports.
public struct IdentityAuditFinding: Sendable, Hashable {
    public enum Problem: Sendable, Hashable {
        /// An executed AddKey put it there without a recorded consent (it executed before
        /// consents were required): it may have been added by someone else to borrow its keys.
        case addedWithoutConsent(txHash: String, executedAt: Date)
        /// It breaks the path rules of section 1 (an identity stored before version 1.1): its
        /// derivation path may be another identity's.
        case breaksPathRules
    }

    public let accountId: String
    public let identity: AuthIdentity
    public let problem: Problem

    public init(accountId: String, identity: AuthIdentity, problem: Problem) {
        self.accountId = accountId
        self.identity = identity
        self.problem = problem
    }
    /// The identities an executed transaction's AddKey results name (the audit's candidates for
    /// `addedWithoutConsent`), read from its stored result.
    package static func addedIdentities(resultJSON: String?) throws -> [AuthIdentity] {
        guard let resultJSON, case .array(let results)? = try StrictJSONParser(maxBytes: 1 << 22, maxDepth: 64).parse(resultJSON)["results"]
        else { return [] }
        return results.compactMap { result -> AuthIdentity? in
            guard result["type"] == .string("AddKey"), let identity = result["authIdentity"] else { return nil }
            return try? AuthIdentity(storedJSONText: identity.compactText)
        }
    }
}
