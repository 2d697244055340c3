/// A proof of section 4.1: `{"authIdentity","message","messageSignature"}`, an identity and what
/// shows that it approved one transaction. ExecuteArgs carries the authority's proof and the
/// consents; POST /v1/transactions/{txHash}/proofs and email carry one at a time.
public struct ApprovalProof: Sendable, Hashable {
    public let authIdentity: AuthIdentity
    public let message: String
    public let evidence: ProofEvidence

    public init(authIdentity: AuthIdentity, message: String, evidence: ProofEvidence) {
        self.authIdentity = authIdentity
        self.message = message
        self.evidence = evidence
    }

    /// Decodes a PROOF strictly. The evidence is always the client's `messageSignature` text: a
    /// pre-verified proof can never come from the wire.
    public init(json: JSONValue, context: String = "proof") throws(EngineError) {
        var reader = try JSONObjectReader(json, context: context, error: { EngineError.invalidRequest($0) })
        let authIdentity = try reader.required("authIdentity")
        let message = try reader.string("message", maxBytes: ExecuteArgs.maxMessageBytes)
        let messageSignature = try reader.string("messageSignature", maxBytes: ExecuteArgs.maxSignatureBytes)
        try reader.finish()
        self.init(authIdentity: try AuthIdentity(json: authIdentity), message: message, evidence: .messageSignature(messageSignature))
    }
}
