extension Array where Element == UInt8 {
    /// Parses hexadecimal text, upper or lower case, two digits a byte, no `0x` prefix and no separators.
    /// Returns nil for an odd length or any other character.
    public init?(hex text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var valid = true
        let bytes = [UInt8](unsafeUninitializedCapacity: utf8.count / 2) { output, count in
            for index in 0..<utf8.count / 2 {
                guard let high = utf8[2 * index].hexValue, let low = utf8[2 * index + 1].hexValue else {
                    valid = false
                    break
                }
                output[index] = high << 4 | low
                count = index + 1
            }
        }
        guard valid else { return nil }
        self = bytes
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hexadecimal, two digits a byte.
    public var hexString: String {
        withContiguousStorageIfAvailable(hexEncoded) ?? Array(self).withUnsafeBufferPointer(hexEncoded)
    }
}

/// Written straight into the String's storage: signatures, keys and hashes are hex-encoded on
/// every execution, several times over.
private func hexEncoded(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    String(unsafeUninitializedCapacity: bytes.count * 2) { output in
        for (index, byte) in bytes.enumerated() {
            output[2 * index] = hexDigit(byte >> 4)
            output[2 * index + 1] = hexDigit(byte & 0x0f)
        }
        return bytes.count * 2
    }
}

private func hexDigit(_ nibble: UInt8) -> UInt8 {
    nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
}

extension UInt8 {
    /// The value of a hexadecimal digit, either case; nil for any other byte.
    package var hexValue: UInt8? {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): self - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): self - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): self - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
