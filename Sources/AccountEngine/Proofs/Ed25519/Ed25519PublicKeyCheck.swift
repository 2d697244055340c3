/// Refuses ed25519 public keys that verify signatures nobody made. BoringSSL's ED25519_verify
/// (behind swift-crypto) rejects S ≥ L but decodes any 32-byte point: a key whose y is not
/// reduced mod p aliases another key, and a small-order key accepts a signature that proves
/// nothing about the message's author. Such keys are refused as identities and by the verifiers.
enum Ed25519PublicKeyCheck {
    /// True when `key` is the canonical encoding (y < p) of a point outside the small-order subgroup.
    static func isAcceptable(_ key: [UInt8]) -> Bool {
        guard key.count == 32 else { return false }
        var y = key
        y[31] &= 0x7F  // the top bit is the sign of x
        guard isBelowFieldPrime(y) else { return false }
        return !smallOrderYs.contains(y)
    }

    /// p = 2^255 − 19, little-endian: ed ff … ff 7f.
    private static func isBelowFieldPrime(_ y: [UInt8]) -> Bool {
        let p: [UInt8] = [0xED] + [UInt8](repeating: 0xFF, count: 30) + [0x7F]
        for index in stride(from: 31, through: 0, by: -1) where y[index] != p[index] {
            return y[index] < p[index]
        }
        return false
    }

    /// The y coordinates (little-endian, sign bit cleared) of the eight points of order 1, 2, 4
    /// and 8: y = 1 (identity), p − 1 (order 2), 0 (order 4), and ±y₈ (order 8). Each stands for
    /// both signs of x, which covers the non-canonical "negative zero" encodings of x = 0 too.
    private static let smallOrderYs: Set<[UInt8]> = [
        [0x01] + [UInt8](repeating: 0, count: 31),
        [0xEC] + [UInt8](repeating: 0xFF, count: 30) + [0x7F],
        [UInt8](repeating: 0, count: 32),
        [
            0x26, 0xE8, 0x95, 0x8F, 0xC2, 0xB2, 0x27, 0xB0, 0x45, 0xC3, 0xF4, 0x89, 0xF2, 0xEF, 0x98, 0xF0,
            0xD5, 0xDF, 0xAC, 0x05, 0xD3, 0xC6, 0x33, 0x39, 0xB1, 0x38, 0x02, 0x88, 0x6D, 0x53, 0xFC, 0x05,
        ],
        [
            0xC7, 0x17, 0x6A, 0x70, 0x3D, 0x4D, 0xD8, 0x4F, 0xBA, 0x3C, 0x0B, 0x76, 0x0D, 0x10, 0x67, 0x0F,
            0x2A, 0x20, 0x53, 0xFA, 0x2C, 0x39, 0xCC, 0xC6, 0x4E, 0xC7, 0xFD, 0x77, 0x92, 0xAC, 0x03, 0x7A,
        ],
    ]
}
