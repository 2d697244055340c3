import ByteEncoding

/// The `messageSignature` of a WebAuthn identity (section 4): compact JSON text
/// `{"authenticatorData","clientDataJSON","signature"}`, each the unpadded base64url of the bytes
/// the browser's `navigator.credentials.get()` returned. Padding, the standard alphabet and
/// members outside these three are refused: there is one way to write an assertion.
public struct WebAuthnAssertion: Sendable, Hashable {
    /// authenticatorData is 37 bytes plus optional extensions; clientDataJSON a few hundred bytes.
    static let maxAuthenticatorDataBytes = 1024
    static let maxClientDataJSONBytes = 4096

    public let authenticatorData: [UInt8]
    public let clientDataJSON: [UInt8]
    /// The DER-encoded ECDSA signature.
    public let signature: [UInt8]

    public init(authenticatorData: [UInt8], clientDataJSON: [UInt8], signature: [UInt8]) {
        self.authenticatorData = authenticatorData
        self.clientDataJSON = clientDataJSON
        self.signature = signature
    }

    public init(messageSignature text: String) throws(EngineError) {
        let json: JSONValue
        do {
            json = try StrictJSONParser(maxBytes: 12 * 1024, maxDepth: 2).parse(text)
        } catch {
            throw .webAuthnAssertionMalformed("messageSignature is not JSON text: \(error.message)")
        }
        var reader = try JSONObjectReader(json, context: "WebAuthn messageSignature", error: { EngineError.webAuthnAssertionMalformed($0) })
        let authenticatorData = try reader.string("authenticatorData", maxBytes: 2 * Self.maxAuthenticatorDataBytes)
        let clientDataJSON = try reader.string("clientDataJSON", maxBytes: 2 * Self.maxClientDataJSONBytes)
        let signature = try reader.string("signature", maxBytes: 200)
        try reader.finish()
        self.init(
            authenticatorData: try Self.decode(authenticatorData, "authenticatorData"),
            clientDataJSON: try Self.decode(clientDataJSON, "clientDataJSON"),
            signature: try Self.decode(signature, "signature")
        )
    }

    /// The compact JSON text a client sends.
    public var messageSignature: String {
        JSONValue.object([
            "authenticatorData": .string(Base64.encode(authenticatorData, .urlUnpadded)),
            "clientDataJSON": .string(Base64.encode(clientDataJSON, .urlUnpadded)),
            "signature": .string(Base64.encode(signature, .urlUnpadded)),
        ]).compactText
    }

    private static func decode(_ text: String, _ name: String) throws(EngineError) -> [UInt8] {
        guard let bytes = Base64.decode(text, .urlUnpadded) else {
            throw .webAuthnAssertionMalformed("\(name) is not unpadded base64url in its canonical form")
        }
        return bytes
    }
}
