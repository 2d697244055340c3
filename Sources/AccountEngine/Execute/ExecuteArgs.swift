/// The input of `execute` (section 4): a transaction, the proof of an identity on its account (the
/// authority), and the consents of the identities it adds (section 4.1).
public struct ExecuteArgs: Sendable {
    public static let maxMessageBytes = 16 * 1024
    public static let maxSignatureBytes = 16 * 1024
    /// One consent per AddKey at most, and a transaction holds at most 16 actions.
    public static let maxConsents = Transaction.maxActions

    public let transaction: SignedTransaction
    /// The authority's proof.
    public let proof: ApprovalProof
    /// The `authTarget` ExecuteArgs named, if any: it must equal the transaction's (section 4 step 1).
    public let authTargetClaim: AuthIdentity?
    public let consents: [ApprovalProof]

    public var authIdentity: AuthIdentity { proof.authIdentity }
    public var message: String { proof.message }
    public var evidence: ProofEvidence { proof.evidence }

    /// The identity whose derived keys the signing actions use (`Submission.authTarget`).
    public var authTarget: AuthIdentity { Submission(self).authTarget ?? authIdentity }

    public init(
        transaction: SignedTransaction,
        authIdentity: AuthIdentity,
        authTarget: AuthIdentity? = nil,
        message: String,
        evidence: ProofEvidence,
        consents: [ApprovalProof] = []
    ) {
        self.transaction = transaction
        self.proof = ApprovalProof(authIdentity: authIdentity, message: message, evidence: evidence)
        self.authTargetClaim = authTarget
        self.consents = consents
    }

    /// Decodes ExecuteArgs JSON strictly. The evidence is always the client's `messageSignature`
    /// text: a pre-verified proof can never come from the wire.
    public init(json: JSONValue) throws(EngineError) {
        var reader = try JSONObjectReader(json, context: "ExecuteArgs", error: { EngineError.invalidRequest($0) })
        let transaction = try reader.required("transaction")
        let authIdentity = try reader.required("authIdentity")
        let authTarget = reader.optional("authTarget")
        let message = try reader.string("message", maxBytes: Self.maxMessageBytes)
        let messageSignature = try reader.string("messageSignature", maxBytes: Self.maxSignatureBytes)
        let consentValues: [JSONValue]
        switch reader.optional("consents") {
        case nil: consentValues = []
        case .array(let values)?: consentValues = values
        case .some: throw .invalidRequest("ExecuteArgs: \"consents\" must be an array of proofs")
        }
        try reader.finish()
        guard consentValues.count <= Self.maxConsents else {
            throw .invalidRequest("ExecuteArgs: at most \(Self.maxConsents) consents, got \(consentValues.count)")
        }
        var consents: [ApprovalProof] = []
        for (index, value) in consentValues.enumerated() {
            consents.append(try ApprovalProof(json: value, context: "consents[\(index)]"))
        }
        self.init(
            transaction: try SignedTransaction(json: transaction),
            authIdentity: try AuthIdentity(json: authIdentity),
            authTarget: try authTarget.flatMap { value throws(EngineError) in value == .null ? nil : try AuthIdentity(json: value) },
            message: message,
            evidence: .messageSignature(messageSignature),
            consents: consents
        )
    }

    public init(jsonText: String, parser: StrictJSONParser = StrictJSONParser()) throws(EngineError) {
        try self.init(json: try parser.parse(jsonText))
    }

    public init(jsonBytes: [UInt8], parser: StrictJSONParser = StrictJSONParser()) throws(EngineError) {
        try self.init(json: try parser.parse(jsonBytes))
    }
}
