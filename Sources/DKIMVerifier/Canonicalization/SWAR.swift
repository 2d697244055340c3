/// Byte tests on eight bytes at once ("SIMD within a register").
enum SWAR {
    private static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// A word with 0x80 in each byte of `word` that equals `byte`, and 0 elsewhere (exact: no
    /// carries between bytes).
    @inline(__always)
    static func bytes(equalTo byte: UInt8, in word: UInt64) -> UInt64 {
        let difference = word ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
        let sum = (difference & low7) &+ low7
        return ~(sum | difference | low7)
    }
}
