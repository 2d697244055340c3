import CSecp256k1

/// A point on secp256k1, validated when made. Equal keys compare equal whatever encoding they came in.
public struct Secp256k1PublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The 65-byte SEC 1 uncompressed encoding, `04 ‖ X ‖ Y`.
    public let uncompressed: [UInt8]

    /// Parses a 33-byte compressed (`02`/`03 ‖ X`) or 65-byte uncompressed (`04 ‖ X ‖ Y`) key and checks
    /// that it lies on the curve. The hybrid encodings (`06`/`07`) libsecp256k1 would also take are refused.
    public init(bytes: [UInt8]) throws {
        switch (bytes.count, bytes.first) {
        case (33, 0x02), (33, 0x03), (65, 0x04): break
        default:
            throw ChainSignerError.invalidPublicKey(
                "expected 33 bytes starting 02 or 03, or 65 bytes starting 04; got \(bytes.count) bytes"
            )
        }
        var point = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(Secp256k1Context.shared.pointer, &point, bytes, bytes.count) == 1 else {
            throw ChainSignerError.invalidPublicKey("not a point on secp256k1")
        }
        self.init(point: point)
    }

    /// The public key of a 32-byte secret key in 1…n−1.
    public init(secretKey: [UInt8]) throws {
        self = try secretKey.withUnsafeBytes { try SecretKey(copying: $0) }.publicKey
    }

    init(point: secp256k1_pubkey) {
        uncompressed = Self.serialize(point, flags: chainmail_secp256k1_ec_uncompressed(), length: 65)
    }

    /// The 33-byte SEC 1 compressed encoding, `02`/`03 ‖ X` by the parity of Y.
    public var compressed: [UInt8] {
        [0x02 | (uncompressed[64] & 1)] + uncompressed[1...32]
    }

    /// The compressed key in lowercase hex.
    public var description: String { compressed.hexString }

    /// The parsed libsecp256k1 form, for calls that take a point.
    var point: secp256k1_pubkey {
        var point = secp256k1_pubkey()
        let parsed = secp256k1_ec_pubkey_parse(Secp256k1Context.shared.pointer, &point, uncompressed, uncompressed.count)
        precondition(parsed == 1, "a validated public key no longer parses")
        return point
    }

    private static func serialize(_ point: secp256k1_pubkey, flags: UInt32, length: Int) -> [UInt8] {
        var point = point
        var output = [UInt8](repeating: 0, count: length)
        var outputLength = length
        let written = secp256k1_ec_pubkey_serialize(Secp256k1Context.shared.pointer, &output, &outputLength, &point, flags)
        precondition(written == 1 && outputLength == length, "secp256k1_ec_pubkey_serialize failed")
        return output
    }
}
