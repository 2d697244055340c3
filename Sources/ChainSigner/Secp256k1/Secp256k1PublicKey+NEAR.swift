import ByteEncoding

extension Secp256k1PublicKey {
    /// The prefix NEAR puts before a secp256k1 key.
    public static let nearPrefix = "secp256k1:"

    /// Parses NEAR's form of a key, `secp256k1:<base58 of the 64 bytes X ‖ Y>`, as the MPC contract
    /// returns its root and derived keys.
    public init(nearFormat text: String) throws {
        guard text.hasPrefix(Self.nearPrefix) else {
            throw ChainSignerError.invalidPublicKey("a NEAR secp256k1 key starts with \(Self.nearPrefix)")
        }
        let encoded = text.dropFirst(Self.nearPrefix.count)
        guard let body = Base58.decode(encoded, maximumLength: 100), body.count == 64 else {
            throw ChainSignerError.invalidPublicKey("a NEAR secp256k1 key is the base58 of 64 bytes")
        }
        try self.init(bytes: [0x04] + body)
    }

    /// NEAR's form of this key: `secp256k1:` and the base58 of X ‖ Y.
    public var nearFormat: String {
        Self.nearPrefix + Base58.encode(uncompressed.dropFirst())
    }
}
