/// The character sets a text part (or an RFC 2047 encoded-word) may use.
///
/// Decoding is strict: bytes that are not valid in the declared charset are an error, never silently
/// replaced, so what the engine parses is exactly what the sender's client encoded.
/// US-ASCII is read as UTF-8, its superset: many clients label 8-bit UTF-8 text as us-ascii (and a message
/// without MIME headers is us-ascii by default), and valid UTF-8 cannot be misread as anything else.
public enum Charset: String, Sendable, Hashable, CaseIterable {
    case utf8 = "utf-8"
    case usASCII = "us-ascii"
    case isoLatin1 = "iso-8859-1"
    case windows1252 = "windows-1252"

    /// The charset for a MIME or IANA label (case-insensitive, common aliases included), nil when unsupported.
    public init?(label: String) {
        let name = label.asciiLowercased.trimmingASCIIWhitespace
        switch name {
        case "utf-8", "utf8": self = .utf8
        case "us-ascii", "ascii", "us", "ansi_x3.4-1968", "iso646-us", "iso-ir-6", "cp367", "ibm367", "csascii": self = .usASCII
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "iso-ir-100", "cp819", "ibm819", "csisolatin1":
            self = .isoLatin1
        case "windows-1252", "cp1252", "x-cp1252", "cswindows1252": self = .windows1252
        default: return nil
        }
    }

    /// The text the bytes encode, or nil when they are not valid in this charset.
    public func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String? {
        switch self {
        case .utf8, .usASCII:
            var bytes = Array(bytes)
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            return String(validating: bytes, as: UTF8.self)
        case .isoLatin1:
            var text = String.UnicodeScalarView()
            for byte in bytes { text.append(Unicode.Scalar(byte)) }
            return String(text)
        case .windows1252:
            var text = String.UnicodeScalarView()
            for byte in bytes {
                if byte >= 0x80 && byte <= 0x9F {
                    let value = Self.windows1252High[Int(byte - 0x80)]
                    guard value != 0, let scalar = Unicode.Scalar(value) else { return nil }
                    text.append(scalar)
                } else {
                    text.append(Unicode.Scalar(byte))
                }
            }
            return String(text)
        }
    }

    /// Windows-1252 bytes 0x80–0x9F (unicode.org's CP1252.TXT); 0 marks the five undefined bytes, which are
    /// refused as Python's cp1252 codec refuses them rather than mapped to C1 controls.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]
}

extension String {
    /// The string without surrounding spaces, tabs, CR and LF.
    var trimmingASCIIWhitespace: String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end && (bytes[start].isWSP || bytes[start] == .cr || bytes[start] == .lf) { start += 1 }
        while end > start && (bytes[end - 1].isWSP || bytes[end - 1] == .cr || bytes[end - 1] == .lf) { end -= 1 }
        if start == 0 && end == bytes.count { return self }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
