import ErrorCodes

/// An error of the chain-signature layer, with a stable `code` from the catalogue (`ErrorCode`)
/// for callers and the HTTP API.
public struct ChainSignerError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String

    public init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// Whether asking again later may succeed (a signer that is down or slow), as opposed to a
    /// refusal for good (a wrong answer, a payload out of range): the code's category says.
    public var isTemporary: Bool { code.category == .unavailable }
}

extension ChainSignerError {
    /// A public key that is not a 33-byte compressed or 65-byte uncompressed point on secp256k1.
    public static func invalidPublicKey(_ message: String) -> Self { .init(code: .invalidPublicKey, message: message) }
    /// A secret key that is not 32 bytes in 1…n−1.
    public static func invalidSecretKey(_ message: String) -> Self { .init(code: .invalidSecretKey, message: message) }
    /// A tweak that is not 32 bytes below the group order n.
    public static func tweakOutOfRange(_ message: String) -> Self { .init(code: .tweakOutOfRange, message: message) }
    /// A derivation whose result is the point at infinity or the zero scalar (negligible odds, still refused).
    public static func derivationFailed(_ message: String) -> Self { .init(code: .derivationFailed, message: message) }
    /// A payload or digest that is not 32 bytes.
    public static func invalidPayload(_ message: String) -> Self { .init(code: .invalidPayload, message: message) }
    /// A 32-byte payload that is not below the group order n.
    public static func payloadOutOfRange(_ message: String) -> Self { .init(code: .payloadOutOfRange, message: message) }
    /// A signature that cannot be parsed or from which no key can be recovered.
    public static func invalidSignature(_ message: String) -> Self { .init(code: .invalidSignature, message: message) }
    /// A signature the signer produced failed its own check (recovery or low-s) and was withheld.
    public static func signatureCheckFailed(_ message: String) -> Self { .init(code: .signatureCheckFailed, message: message) }
    /// The signer's answer does not recover to the key derived from the pinned root public key, or
    /// its s is high; the request is not repeated (PROTOCOL.md section 6).
    public static func invalidResponse(_ message: String) -> Self { .init(code: .signerInvalidResponse, message: message) }
    /// The configured root public key differs from the one the signer itself reports.
    public static func rootKeyMismatch(_ message: String) -> Self { .init(code: .signerRootKeyMismatch, message: message) }
    /// The signer cannot be reached or cannot sign now; retrying later may succeed.
    public static func signerUnavailable(_ message: String) -> Self { .init(code: .signerUnavailable, message: message) }
    /// The root key file or its directory is readable or writable by others, or owned by another user.
    public static func rootKeyPermissions(_ message: String) -> Self { .init(code: .rootKeyPermissions, message: message) }
    /// The root key file is not a regular file of exactly 32 bytes holding a valid secret key.
    public static func rootKeyInvalid(_ message: String) -> Self { .init(code: .rootKeyInvalid, message: message) }
    /// There is no root key in the data directory, and this command does not create one (`chainmail init` does).
    public static func rootKeyMissing(_ message: String) -> Self { .init(code: .rootKeyMissing, message: message) }
    /// Reading or creating the root key file failed at the operating-system level.
    public static func rootKeyIO(_ message: String) -> Self { .init(code: .rootKeyIo, message: message) }
    /// A Bech32 string or SegWit address that does not decode, or a part that cannot be encoded.
    public static func invalidAddress(_ message: String) -> Self { .init(code: .invalidAddress, message: message) }
}
