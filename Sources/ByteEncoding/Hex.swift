/// Hexadecimal: lower-case out, either case in, as chainmail writes and reads hashes, keys and addresses.
public enum Hex {
    /// The lower-case hex digits of `bytes`, written straight into the String's storage (signatures, keys and
    /// hashes are hex-encoded on every execution, several times over).
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        bytes.withContiguousStorageIfAvailable(encode(buffer:)) ?? Array(bytes).withUnsafeBufferPointer(encode(buffer:))
    }

    /// The bytes of hexadecimal text, upper or lower case, two digits a byte, no `0x` prefix and no
    /// separators; nil for an odd length or any other character.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        decode(bytes: Array(text.utf8))
    }

    /// As `decode(_:)`, over the text's bytes.
    public static func decode(bytes utf8: [UInt8]) -> [UInt8]? {
        guard utf8.count % 2 == 0 else { return nil }
        var valid = true
        let bytes = [UInt8](unsafeUninitializedCapacity: utf8.count / 2) { output, count in
            for index in 0..<utf8.count / 2 {
                guard let high = digitValue(utf8[2 * index]), let low = digitValue(utf8[2 * index + 1]) else {
                    valid = false
                    break
                }
                output[index] = high << 4 | low
                count = index + 1
            }
        }
        return valid ? bytes : nil
    }

    /// The value of one hexadecimal digit, either case; nil for any other byte.
    @inline(__always)
    public static func digitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func encode(buffer bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { output in
            for (index, byte) in bytes.enumerated() {
                output[2 * index] = digit(byte >> 4)
                output[2 * index + 1] = digit(byte & 0x0f)
            }
            return bytes.count * 2
        }
    }

    private static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
