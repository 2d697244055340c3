import ChainSigner

/// A transaction (section 2), decoded strictly, with identities normalised.
public struct Transaction: Sendable, Hashable {
    public static let maxActions = 16

    public let accountId: String
    public let nonce: UInt64
    /// The identity whose keys the signing actions use; inside the transaction so that every
    /// proof covers it (section 2). Without it, the keys are the proving identity's own.
    public let authTarget: AuthIdentity?
    public let actions: [Action]

    public init(json: JSONValue) throws(EngineError) {
        var reader = try JSONObjectReader(json, context: "transaction", error: { EngineError.invalidTransaction($0) })
        let accountId = try reader.string("accountId", maxBytes: 64)
        let nonce: UInt64
        do {
            nonce = try reader.safeInteger("nonce")
        } catch {
            throw .invalidNonce(error.message)
        }
        let authTargetJSON = reader.optional("authTarget")
        let actionValues = try reader.array("actions")
        try reader.finish()
        try AccountID.validate(accountId)
        guard !actionValues.isEmpty else { throw .noActions }
        guard actionValues.count <= Self.maxActions else { throw .tooManyActions(actionValues.count) }
        var actions: [Action] = []
        for value in actionValues { actions.append(try Action(json: value)) }
        self.accountId = accountId
        self.nonce = nonce
        self.authTarget = try authTargetJSON.map { value throws(EngineError) in try AuthIdentity(json: value) }
        self.actions = actions
    }

    /// The identities the transaction's AddKey actions add: each must consent (section 4.1).
    public var addedIdentities: [AuthIdentity] {
        actions.compactMap { action in
            if case .addKey(let identity) = action { return identity }
            return nil
        }
    }
}

/// A transaction together with the exact JSON it was sent as and its txHash (section 3):
/// SHA-256 over the RFC 8785 form of what was sent, computed before any normalisation.
public struct SignedTransaction: Sendable, Hashable {
    public let sent: JSONValue
    public let transaction: Transaction
    public let txHash: [UInt8]

    public var txHashHex: String { txHash.hexString }

    public init(json: JSONValue) throws(EngineError) {
        self.sent = json
        self.txHash = json.canonicalSHA256
        self.transaction = try Transaction(json: json)
    }

    public init(jsonText: String, parser: StrictJSONParser = StrictJSONParser()) throws(EngineError) {
        try self.init(json: try parser.parse(jsonText))
    }
}
