/// The input of `execute` (section 4).
public struct ExecuteArgs: Sendable {
    public static let maxMessageBytes = 16 * 1024
    public static let maxSignatureBytes = 16 * 1024

    public let transaction: SignedTransaction
    public let authIdentity: AuthIdentity
    /// The identity whose derived keys CallChainSig uses; equals `authIdentity` when omitted.
    public let authTarget: AuthIdentity
    public let message: String
    public let evidence: ProofEvidence

    public init(
        transaction: SignedTransaction,
        authIdentity: AuthIdentity,
        authTarget: AuthIdentity? = nil,
        message: String,
        evidence: ProofEvidence
    ) {
        self.transaction = transaction
        self.authIdentity = authIdentity
        self.authTarget = authTarget ?? authIdentity
        self.message = message
        self.evidence = evidence
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
        try reader.finish()
        self.init(
            transaction: try SignedTransaction(json: transaction),
            authIdentity: try AuthIdentity(json: authIdentity),
            authTarget: try authTarget.flatMap { value throws(EngineError) in value == .null ? nil : try AuthIdentity(json: value) },
            message: message,
            evidence: .messageSignature(messageSignature)
        )
    }

    public init(jsonText: String, parser: StrictJSONParser = StrictJSONParser()) throws(EngineError) {
        try self.init(json: try parser.parse(jsonText))
    }

    public init(jsonBytes: [UInt8], parser: StrictJSONParser = StrictJSONParser()) throws(EngineError) {
        try self.init(json: try parser.parse(jsonBytes))
    }
}
