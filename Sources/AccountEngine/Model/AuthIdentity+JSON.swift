extension AuthIdentity: Codable {
    /// Decodes section 1's JSON strictly (unknown members and wrong types refused) and normalises.
    public init(json: JSONValue) throws(EngineError) {
        try self.init(json: json, pathRules: .enforced)
    }

    /// An identity as a store kept it: it may predate the path rules of section 1 (version 1.1).
    package init(storedJSONText text: String) throws(EngineError) {
        try self.init(json: try StrictJSONParser(maxBytes: 8 * 1024).parse(text), pathRules: .waived)
    }

    /// Whether the identity satisfies the path rules of section 1 (false only for stored ones).
    public var satisfiesPathRules: Bool {
        (try? AuthIdentity(value)) != nil
    }

    private init(json: JSONValue, pathRules: PathRules) throws(EngineError) {
        var reader = try JSONObjectReader(json, context: "identity", error: { EngineError.invalidIdentity($0) })
        let type = try reader.string("type", maxBytes: 16)
        let value: Value
        switch type {
        case "PubKey":
            value = .pubKey(try reader.string("value", maxBytes: 128))
        case "Account":
            value = .account(try reader.string("value", maxBytes: 128))
        case "WebAuthn":
            var inner = try JSONObjectReader(try reader.required("value"), context: "WebAuthn value", error: { EngineError.invalidIdentity($0) })
            let keyId = try inner.string("keyId", maxBytes: 1400)
            let publicKeyHex = try inner.string("publicKey", maxBytes: 130)
            try inner.finish()
            guard let publicKey = [UInt8](hex: publicKeyHex) else {
                throw .invalidIdentity("WebAuthn publicKey must be hex")
            }
            value = .webAuthn(keyId: keyId, publicKey: publicKey)
        case "OIDC":
            var inner = try JSONObjectReader(try reader.required("value"), context: "OIDC value", error: { EngineError.invalidIdentity($0) })
            let issuer = try inner.string("issuer", maxBytes: 512)
            let clientId = try inner.string("clientId", maxBytes: 512)
            let email = try inner.string("email", maxBytes: 320)
            try inner.finish()
            value = .oidc(issuer: issuer, clientId: clientId, email: email)
        default:
            throw .invalidIdentity("identity type \(quoted(type)) is not PubKey, WebAuthn, OIDC or Account")
        }
        try reader.finish()
        try self.init(value, pathRules: pathRules)
    }

    /// Parses identity JSON text (as given on a command line or in a query string).
    public init(jsonText: String) throws(EngineError) {
        try self.init(json: try StrictJSONParser(maxBytes: 8 * 1024).parse(jsonText))
    }

    public init(from decoder: any Decoder) throws {
        try self.init(json: try JSONValue(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}
