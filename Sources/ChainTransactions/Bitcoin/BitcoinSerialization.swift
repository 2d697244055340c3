import Crypto

/// Bitcoin's little-endian integers, compact sizes and hashes, written one way for every Bitcoin type.
enum BitcoinSerialization {
    static func uint32(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    static func uint64(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    /// The minimal compact size of a count or length.
    static func compactSize(_ value: Int) -> [UInt8] {
        let value = UInt64(value)
        switch value {
        case 0..<0xfd: return [UInt8(value)]
        case 0xfd...0xffff: return [0xfd] + (0..<2).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        case 0x1_0000...0xffff_ffff: return [0xfe] + (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        default: return [0xff] + uint64(value)
        }
    }

    /// How many bytes `compactSize(value)` writes.
    static func compactSizeLength(_ value: Int) -> Int {
        switch value {
        case ..<0xfd: 1
        case ...0xffff: 3
        case ...0xffff_ffff: 5
        default: 9
        }
    }

    /// SHA-256 applied twice: txids and BIP-143 hashes.
    static func doubleSHA256(_ bytes: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: Array(SHA256.hash(data: bytes))))
    }

    /// SHA-256 once.
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: bytes))
    }
}
