/// Base64 (RFC 4648) read strictly: one alphabet, the padding rule of that form, no white space,
/// and the unused low bits of the last character zero. Every byte string then has exactly one
/// accepted text, so a signature or token cannot be re-encoded into a second valid form.
public enum StrictBase64 {
    public enum Form: Sendable {
        /// `A–Z a–z 0–9 + /` with `=` padding to a multiple of four (section 4: NEAR signatures).
        case standardPadded
        /// `A–Z a–z 0–9 - _` without padding (WebAuthn fields, JWT segments).
        case urlUnpadded
    }

    public static func decode(_ text: some StringProtocol, _ form: Form) -> [UInt8]? {
        var characters = Array(text.utf8)
        if form == .standardPadded {
            guard characters.count % 4 == 0 else { return nil }
            var padding = 0
            while padding < 2, characters.last == UInt8(ascii: "=") {
                characters.removeLast()
                padding += 1
            }
        }
        // A group of 4k+1 characters cannot come from whole bytes.
        guard characters.count % 4 != 1 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(characters.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for character in characters {
            guard let value = sextet(character, form) else { return nil }
            accumulator = (accumulator << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        // The bits left over must be zero: otherwise two texts would decode to the same bytes.
        guard accumulator & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return bytes
    }

    public static func encode(_ bytes: some Collection<UInt8>, _ form: Form) -> String {
        let alphabet = form == .standardPadded ? standardAlphabet : urlAlphabet
        var text = [UInt8]()
        text.reserveCapacity((bytes.count + 2) / 3 * 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            accumulator = (accumulator << 8) | UInt32(byte)
            bits += 8
            while bits >= 6 {
                bits -= 6
                text.append(alphabet[Int((accumulator >> UInt32(bits)) & 0x3F)])
            }
        }
        if bits > 0 {
            text.append(alphabet[Int((accumulator << UInt32(6 - bits)) & 0x3F)])
        }
        if form == .standardPadded {
            while text.count % 4 != 0 { text.append(UInt8(ascii: "=")) }
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let standardAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let urlAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static func sextet(_ character: UInt8, _ form: Form) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+") where form == .standardPadded: 62
        case UInt8(ascii: "/") where form == .standardPadded: 63
        case UInt8(ascii: "-") where form == .urlUnpadded: 62
        case UInt8(ascii: "_") where form == .urlUnpadded: 63
        default: nil
        }
    }
}
