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
    case refused(EngineError)
}

/// Checks one kind of proof (section 4, step 4).
public protocol ProofVerifier: Sendable {
    func verify(_ proof: ProofInput) async -> ProofVerdict
}
