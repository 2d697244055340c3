/// Reads Bitcoin serialisations (PSBT maps, transactions) from a range of bytes, refusing what is
/// truncated or not minimal with `psbt_invalid` and a message naming what was being read.
///
/// Every read consumes at least one byte or fails, and every length is checked against the bytes left
/// before it is used, so work stays linear in the input whatever counts it claims.
struct BitcoinByteReader {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.position = start
        self.end = end ?? bytes.count
    }

    var remaining: Int { end - position }
    var isAtEnd: Bool { position >= end }

    static func invalid(_ message: String) -> ChainTransactionError {
        ChainTransactionError(code: .psbtInvalid, message: message)
    }

    /// The range of the next `count` bytes, consumed.
    mutating func take(_ count: Int, _ what: @autoclosure () -> String) throws(ChainTransactionError) -> Range<Int> {
        guard count >= 0, count <= remaining else {
            throw Self.invalid("\(what()) is truncated")
        }
        defer { position += count }
        return position..<(position + count)
    }

    /// The next `count` bytes, consumed.
    mutating func read(_ count: Int, _ what: @autoclosure () -> String) throws(ChainTransactionError) -> [UInt8] {
        let range = try take(count, what())
        return Array(bytes[range])
    }

    mutating func byte(_ what: @autoclosure () -> String) throws(ChainTransactionError) -> UInt8 {
        let range = try take(1, what())
        return bytes[range.lowerBound]
    }

    mutating func uint32(_ what: @autoclosure () -> String) throws(ChainTransactionError) -> UInt32 {
        let range = try take(4, what())
        return range.reversed().reduce(0) { $0 << 8 | UInt32(bytes[$1]) }
    }

    mutating func uint64(_ what: @autoclosure () -> String) throws(ChainTransactionError) -> UInt64 {
        let range = try take(8, what())
        return range.reversed().reduce(0) { $0 << 8 | UInt64(bytes[$1]) }
    }

    /// A compact size in its minimal encoding, at most the bytes left (every counted item or byte takes at
    /// least one byte, so a larger value cannot be right).
    mutating func compactSize(_ what: @autoclosure () -> String) throws(ChainTransactionError) -> Int {
        let first = try byte(what())
        let value: UInt64
        let minimum: UInt64
        switch first {
        case 0xfd:
            let range = try take(2, what())
            value = UInt64(bytes[range.lowerBound]) | UInt64(bytes[range.lowerBound + 1]) << 8
            minimum = 0xfd
        case 0xfe:
            value = UInt64(try uint32(what()))
            minimum = 0x1_0000
        case 0xff:
            value = try uint64(what())
            minimum = 0x1_0000_0000
        default:
            guard Int(first) <= remaining else { return try tooLarge(what()) }
            return Int(first)
        }
        guard value >= minimum else {
            throw Self.invalid("the compact size of \(what()) is not minimal")
        }
        guard value <= UInt64(remaining) else {
            return try tooLarge(what())
        }
        return Int(value)
    }

    private func tooLarge(_ what: String) throws(ChainTransactionError) -> Int {
        throw Self.invalid("\(what) is truncated (its length is beyond the bytes left)")
    }

    /// A compact size and that many bytes.
    mutating func lengthPrefixed(_ what: @autoclosure () -> String) throws(ChainTransactionError) -> Range<Int> {
        let count = try compactSize(what())
        return try take(count, what())
    }
}
