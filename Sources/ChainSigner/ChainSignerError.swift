/// An error of the chain-signature layer, with a stable snake_case `code` for callers and the HTTP API.
public struct ChainSignerError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

extension ChainSignerError {
    /// A public key that is not a 33-byte compressed or 65-byte uncompressed point on secp256k1.
    public static func invalidPublicKey(_ message: String) -> Self { .init(code: "invalid_public_key", message: message) }
    /// A secret key that is not 32 bytes in 1…n−1.
    public static func invalidSecretKey(_ message: String) -> Self { .init(code: "invalid_secret_key", message: message) }
    /// A tweak that is not 32 bytes below the group order n.
    public static func tweakOutOfRange(_ message: String) -> Self { .init(code: "tweak_out_of_range", message: message) }
    /// A derivation whose result is the point at infinity or the zero scalar (negligible odds, still refused).
    public static func derivationFailed(_ message: String) -> Self { .init(code: "derivation_failed", message: message) }
    /// A payload or digest that is not 32 bytes.
    public static func invalidPayload(_ message: String) -> Self { .init(code: "invalid_payload", message: message) }
    /// A 32-byte payload that is not below the group order n.
    public static func payloadOutOfRange(_ message: String) -> Self { .init(code: "payload_out_of_range", message: message) }
    /// A signature that cannot be parsed or from which no key can be recovered.
    public static func invalidSignature(_ message: String) -> Self { .init(code: "invalid_signature", message: message) }
    /// A signature the signer produced failed its own check (recovery or low-s) and was withheld.
    public static func signatureCheckFailed(_ message: String) -> Self { .init(code: "signature_check_failed", message: message) }
    /// The signer cannot be reached or cannot sign now; retrying later may succeed.
    public static func signerUnavailable(_ message: String) -> Self { .init(code: "signer_unavailable", message: message) }
    /// The root key file or its directory is readable or writable by others, or owned by another user.
    public static func rootKeyPermissions(_ message: String) -> Self { .init(code: "root_key_permissions", message: message) }
    /// The root key file is not a regular file of exactly 32 bytes holding a valid secret key.
    public static func rootKeyInvalid(_ message: String) -> Self { .init(code: "root_key_invalid", message: message) }
    /// Reading or creating the root key file failed at the operating-system level.
    public static func rootKeyIO(_ message: String) -> Self { .init(code: "root_key_io", message: message) }
}
