import Foundation

/// What a proof verifier is asked: did `identity` approve `txHash` by `evidence` over `message`?
public struct ProofInput: Sendable {
    public let identity: AuthIdentity
    public let message: String
    public let evidence: ProofEvidence
    public let txHash: [UInt8]
    public let now: Date

    public init(identity: AuthIdentity, message: String, evidence: ProofEvidence, txHash: [UInt8], now: Date) {
        self.identity = identity
        self.message = message
        self.evidence = evidence
        self.txHash = txHash
        self.now = now
    }

    /// The client's `messageSignature` text, when the evidence is one.
    public var messageSignature: String? { evidence.messageSignature }
}

/// A verdict, not an exception: a refused proof is an expected outcome.
public enum ProofVerdict: Sendable, Hashable {
    case valid
    /// Valid provided `change` is committed in the same store transaction as the execution it
    /// authorises. Verifiers only read the store; the engine hands the change to
    /// `AccountStore.commit`, which applies it as a compare-and-set beside the nonce, so two
    /// executions racing with the same proof cannot both commit (WebAuthn sign counters).
    case validIfCommitted(ProofStateChange)
    case refused(EngineError)

    public var isValid: Bool {
        if case .refused = self { return false }
        return true
    }
}

/// Checks one kind of proof (section 4, step 4).
public protocol ProofVerifier: Sendable {
    func verify(_ proof: ProofInput) async -> ProofVerdict
}
