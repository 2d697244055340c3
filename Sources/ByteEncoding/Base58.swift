/// Base58 with the Bitcoin alphabet, as Solana and NEAR write keys and signatures.
///
/// No checksum (this is not Base58Check). Leading zero bytes map to leading `1`s and back.
public enum Base58 {
    /// The longest text `decode` accepts by default. The conversion is quadratic in the length,
    /// so untrusted text is bounded before any work is done; keys and signatures are under 100 characters.
    public static let defaultMaximumLength = 512

    static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    static let digitValues: [Int8] = {
        var values = [Int8](repeating: -1, count: 128)
        for (index, character) in alphabet.enumerated() {
            values[Int(character)] = Int8(index)
        }
        return values
    }()

    /// Encodes bytes as Base58 text.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let leadingZeros = bytes.prefix { $0 == 0 }.count
        // Base-58 digits, least significant first; log(256)/log(58) < 1.37.
        var digits = [UInt8]()
        digits.reserveCapacity(bytes.count * 137 / 100 + 1)
        for byte in bytes.dropFirst(leadingZeros) {
            var carry = Int(byte)
            for index in digits.indices {
                carry += Int(digits[index]) << 8
                digits[index] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        var text = [UInt8](repeating: alphabet[0], count: leadingZeros)
        text.reserveCapacity(leadingZeros + digits.count)
        for digit in digits.reversed() {
            text.append(alphabet[Int(digit)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Decodes Base58 text. Returns nil for an empty text, a character outside the alphabet,
    /// or a text longer than `maximumLength`.
    public static func decode(_ text: some StringProtocol, maximumLength: Int = defaultMaximumLength) -> [UInt8]? {
        let utf8 = text.utf8
        guard !utf8.isEmpty, utf8.count <= maximumLength else { return nil }
        let leadingOnes = utf8.prefix { $0 == alphabet[0] }.count
        // Bytes, least significant first.
        var bytes = [UInt8]()
        bytes.reserveCapacity(utf8.count * 733 / 1000 + 1)
        for character in utf8.dropFirst(leadingOnes) {
            guard character < 128 else { return nil }
            let value = digitValues[Int(character)]
            guard value >= 0 else { return nil }
            var carry = Int(value)
            for index in bytes.indices {
                carry += Int(bytes[index]) * 58
                bytes[index] = UInt8(truncatingIfNeeded: carry)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(truncatingIfNeeded: carry))
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: leadingOnes) + bytes.reversed()
    }
}
