import ChainSigner

/// a − b for 32-byte big-endian numbers with a ≥ b.
func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
    var result = [UInt8](repeating: 0, count: 32)
    var borrow = 0
    for index in (0..<32).reversed() {
        var difference = Int(a[index]) - Int(b[index]) - borrow
        borrow = difference < 0 ? 1 : 0
        if difference < 0 { difference += 256 }
        result[index] = UInt8(difference)
    }
    return result
}

/// a + 1 for a 32-byte big-endian number below 2^256 − 1.
func increment(_ a: [UInt8]) -> [UInt8] {
    var result = a
    for index in (0..<32).reversed() {
        result[index] &+= 1
        if result[index] != 0 { break }
    }
    return result
}

/// The 32-byte big-endian form of a small number.
func scalar(_ value: UInt8) -> [UInt8] {
    [UInt8](repeating: 0, count: 31) + [value]
}
