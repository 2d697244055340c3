import ByteEncoding

/// An ed25519 public key as NEAR names it, `ed25519:<base58 of 32 bytes>`.
public struct NEARPublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The prefix NEAR puts before an ed25519 key.
    public static let ed25519Prefix = "ed25519:"

    /// The 32 bytes of the key.
    public let bytes: [UInt8]

    /// A key of 32 bytes.
    public init(ed25519 bytes: [UInt8]) throws(NEARRPCError) {
        guard bytes.count == 32 else { throw .keyFileInvalid("an ed25519 public key has 32 bytes, not \(bytes.count)") }
        self.bytes = bytes
    }

    /// Reads `ed25519:<base58>`; other key types (`secp256k1:`) and other lengths are refused.
    public init(_ text: String) throws(NEARRPCError) {
        guard text.hasPrefix(Self.ed25519Prefix) else {
            throw .keyFileInvalid("a NEAR public key starts with \"ed25519:\"; \"\(text.prefix(20))\" does not")
        }
        guard let bytes = Base58.decode(text.dropFirst(Self.ed25519Prefix.count), maximumLength: 64) else {
            throw .keyFileInvalid("the public key after \"ed25519:\" is not base58")
        }
        try self.init(ed25519: bytes)
    }

    /// `ed25519:<base58>`, as the RPC reads it.
    public var description: String { Self.ed25519Prefix + Base58.encode(bytes) }

    /// Borsh `PublicKey`: the key type (0, ed25519) then the 32 bytes.
    package func write(to writer: inout BorshWriter) {
        writer.write(UInt8(0))
        writer.write(fixed: bytes)
    }
}
