/// Byte classes of RFC 5322 / RFC 2045 shared by the header and body parsers.
extension UInt8 {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let sp: UInt8 = 0x20
    static let htab: UInt8 = 0x09

    /// RFC 5234 WSP.
    var isWSP: Bool { self == .sp || self == .htab }

    var isDigit: Bool { self >= 0x30 && self <= 0x39 }
    var isAlpha: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }

    /// The byte with ASCII capitals lowered.
    var asciiLowercased: UInt8 { self >= 0x41 && self <= 0x5A ? self | 0x20 : self }
}

extension Collection<UInt8> {
    /// The bytes as text when they are pure ASCII.
    var asciiString: String? {
        guard allSatisfy({ $0 < 0x80 }) else { return nil }
        return String(decoding: self, as: UTF8.self)
    }
}

extension String {
    /// The string with ASCII capitals lowered, leaving every other character alone.
    var asciiLowercased: String { String(decoding: utf8.map(\.asciiLowercased), as: UTF8.self) }
}
