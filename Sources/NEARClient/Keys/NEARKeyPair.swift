import ByteEncoding
import Crypto

/// An ed25519 key pair that signs NEAR transactions.
public struct NEARKeyPair: Sendable {
    /// The signing key.
    public let privateKey: Curve25519.Signing.PrivateKey

    /// The public half, as NEAR names it.
    public let publicKey: NEARPublicKey

    /// A key pair from its 32-byte seed.
    public init(seed: [UInt8]) throws(NEARRPCError) {
        guard seed.count == 32 else { throw .keyFileInvalid("an ed25519 seed has 32 bytes, not \(seed.count)") }
        let key: Curve25519.Signing.PrivateKey
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        } catch {
            throw .keyFileInvalid("the ed25519 seed is refused: \(error)")
        }
        self.privateKey = key
        self.publicKey = try NEARPublicKey(ed25519: Array(key.publicKey.rawRepresentation))
    }

    /// Reads NEAR's secret-key text, `ed25519:<base58>` of the 64 bytes seed ‖ public key (checked
    /// to belong together) or of the 32-byte seed alone.
    public init(secretKey text: String) throws(NEARRPCError) {
        guard text.hasPrefix(NEARPublicKey.ed25519Prefix) else {
            throw .keyFileInvalid("a NEAR private key starts with \"ed25519:\"")
        }
        guard let bytes = Base58.decode(text.dropFirst(NEARPublicKey.ed25519Prefix.count), maximumLength: 128) else {
            throw .keyFileInvalid("the private key after \"ed25519:\" is not base58")
        }
        switch bytes.count {
        case 32:
            try self.init(seed: bytes)
        case 64:
            try self.init(seed: Array(bytes.prefix(32)))
            guard Array(bytes.suffix(32)) == publicKey.bytes else {
                throw .keyFileInvalid("the private key's last 32 bytes are not the public key of its seed")
            }
        default:
            throw .keyFileInvalid("an ed25519 private key has 64 bytes (seed and public key) or a 32-byte seed, not \(bytes.count)")
        }
    }

    /// The ed25519 signature of `message` (for a transaction, its 32-byte hash).
    public func sign(_ message: [UInt8]) throws(NEARRPCError) -> [UInt8] {
        do {
            return Array(try privateKey.signature(for: message))
        } catch {
            throw .keyFileInvalid("ed25519 signing failed: \(error)")
        }
    }
}
