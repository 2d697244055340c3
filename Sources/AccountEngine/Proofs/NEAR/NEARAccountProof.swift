import ByteEncoding
import NEARClient

/// The `messageSignature` of an `Account` identity (PROTOCOL.md section 4): JSON text
/// `{"publicKey":"ed25519:<base58>","signature":"<base64 of 64 bytes>"}`, what a NEAR wallet's
/// `signMessage` answers. Exactly those two members; the key is a 32-byte ed25519 key, the
/// signature the padded standard base64 of 64 bytes (checked again by the NEP-413 verifier).
public struct NEARAccountProof: Sendable, Hashable {
    public let publicKey: NEARPublicKey
    /// The signature text as sent, handed as it is to the `near:` NEP-413 check.
    public let signature: String

    public init(publicKey: NEARPublicKey, signature: String) {
        self.publicKey = publicKey
        self.signature = signature
    }

    /// Reads the JSON text; anything else is `invalid_signature` saying what is wrong.
    public init(messageSignature text: String) throws(EngineError) {
        let json: JSONValue
        do {
            json = try StrictJSONParser(maxBytes: 1024, maxDepth: 1).parse(text)
        } catch {
            throw Self.malformed("it is not JSON text: \(error.message)")
        }
        var reader = try JSONObjectReader(json, context: "Account messageSignature", error: { EngineError.invalidSignature($0) })
        let keyText = try reader.string("publicKey", maxBytes: 128)
        let signature = try reader.string("signature", maxBytes: 128)
        try reader.finish()
        guard let key = try? NEARPublicKey(keyText), Base58.encode(key.bytes) == keyText.dropFirst(NEARPublicKey.ed25519Prefix.count)
        else {
            throw Self.malformed("publicKey must be \"ed25519:\" and the canonical base58 of a 32-byte key")
        }
        guard signature.utf8.count == 88, let bytes = Base64.decode(signature, .standardPadded), bytes.count == 64 else {
            throw Self.malformed("signature must be the padded standard base64 text of a 64-byte ed25519 signature")
        }
        self.init(publicKey: key, signature: signature)
    }

    private static func malformed(_ detail: String) -> EngineError {
        .invalidSignature(
            "an Account messageSignature is JSON text {\"publicKey\":\"ed25519:<base58>\",\"signature\":\"<base64 of 64 bytes>\"}: \(detail)"
        )
    }
}
