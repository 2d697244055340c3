/// Base64 (RFC 4648, RFC 2045), decoded in one pass under the caller's `Options`: any character outside
/// the alphabet, misplaced or miscounted padding, data after the padding, or a dangling single character
/// makes the text invalid (nil).
public enum Base64 {
    public static func decode(_ text: some StringProtocol, _ options: Options) -> [UInt8]? {
        decode(bytes: text.utf8, options)
    }

    public static func decode(bytes input: some Collection<UInt8>, _ options: Options) -> [UInt8]? {
        let table = options.alphabet == .standard ? standardTable : urlTable
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3 + 2)
        var quantum: UInt32 = 0
        var filled = 0
        var padding = 0
        for byte in input {
            let value = table[Int(byte)]
            if value < 64 {
                guard padding == 0 else { return nil }
                quantum = quantum << 6 | UInt32(value)
                filled += 1
                if filled == 4 {
                    output.append(UInt8(truncatingIfNeeded: quantum >> 16))
                    output.append(UInt8(truncatingIfNeeded: quantum >> 8))
                    output.append(UInt8(truncatingIfNeeded: quantum))
                    quantum = 0
                    filled = 0
                }
            } else if value == whitespace && options.skipsWhitespace {
                continue
            } else if value == pad && options.padding != .forbidden {
                padding += 1
                guard padding <= 2, filled >= 2 else { return nil }
            } else {
                return nil
            }
        }
        let needed = filled == 0 ? 0 : 4 - filled
        guard padding == needed || (padding == 0 && options.padding != .required) else { return nil }
        switch filled {
        case 0: break
        case 2:
            guard !options.requiresZeroTrailingBits || quantum & 0xF == 0 else { return nil }
            output.append(UInt8(truncatingIfNeeded: quantum >> 4))
        case 3:
            guard !options.requiresZeroTrailingBits || quantum & 0x3 == 0 else { return nil }
            output.append(UInt8(truncatingIfNeeded: quantum >> 10))
            output.append(UInt8(truncatingIfNeeded: quantum >> 2))
        default: return nil
        }
        return output
    }

    /// The base64 text of `bytes` in `alphabet`, with `=` padding when `padded`.
    public static func encode(_ bytes: some Collection<UInt8>, alphabet: Options.Alphabet, padded: Bool) -> String {
        let characters = alphabet == .standard ? standardAlphabet : urlAlphabet
        var text = [UInt8]()
        text.reserveCapacity((bytes.count + 2) / 3 * 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            accumulator = (accumulator << 8) | UInt32(byte)
            bits += 8
            while bits >= 6 {
                bits -= 6
                text.append(characters[Int((accumulator >> UInt32(bits)) & 0x3F)])
            }
        }
        if bits > 0 { text.append(characters[Int((accumulator << UInt32(6 - bits)) & 0x3F)]) }
        if padded {
            while text.count % 4 != 0 { text.append(UInt8(ascii: "=")) }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The base64 text of `bytes` in the form `options` reads: its alphabet, padded unless padding is forbidden.
    public static func encode(_ bytes: some Collection<UInt8>, _ options: Options) -> String {
        encode(bytes, alphabet: options.alphabet, padded: options.padding != .forbidden)
    }

    private static let standardAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let urlAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let invalid: UInt8 = 0xFF
    private static let whitespace: UInt8 = 0xFE
    private static let pad: UInt8 = 0xFD
    private static let standardTable = table(standardAlphabet)
    private static let urlTable = table(urlAlphabet)

    /// Each byte's sextet, or one of the markers above.
    private static func table(_ alphabet: [UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: invalid, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
        for space in [0x20, 0x09, 0x0D, 0x0A] { table[space] = whitespace }
        table[Int(UInt8(ascii: "="))] = pad
        return table
    }
}
