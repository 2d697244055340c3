/// Reads the RFC 2045 grammar of MIME header fields (`Content-Type`, `Content-Disposition`): tokens,
/// tspecials, quoted strings, with comments and white space skipped between them.
struct MIMEHeaderScanner {
    private let bytes: [UInt8]
    private(set) var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { index >= bytes.count }

    /// Skips white space and (nested) comments; false for an unterminated comment.
    mutating func skipCFWS() -> Bool {
        while index < bytes.count {
            let byte = bytes[index]
            if byte.isWSP || byte == .cr || byte == .lf {
                index += 1
            } else if byte == 0x28 {
                var depth = 0
                repeat {
                    guard index < bytes.count else { return false }
                    switch bytes[index] {
                    case 0x5C: index += 1
                    case 0x28: depth += 1
                    case 0x29: depth -= 1
                    default: break
                    }
                    index += 1
                } while depth > 0
                if index > bytes.count { return false }
            } else {
                return true
            }
        }
        return true
    }

    /// The next token (RFC 2045: printable ASCII but space and tspecials), or nil when none starts here.
    mutating func token() -> [UInt8]? {
        let start = index
        while index < bytes.count && Self.isTokenByte(bytes[index]) { index += 1 }
        return index > start ? Array(bytes[start..<index]) : nil
    }

    /// Consumes `byte` when it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// The content of a quoted string starting here (quoting undone), or nil when none starts here or it is
    /// unterminated.
    mutating func quotedString() -> [UInt8]? {
        guard index < bytes.count, bytes[index] == 0x22 else { return nil }
        var position = index + 1
        var content: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x22 {
                index = position + 1
                return content
            }
            if byte == 0x5C {
                position += 1
                guard position < bytes.count else { return nil }
            }
            guard bytes[position] >= 0x20 || bytes[position] == .htab, bytes[position] != 0x7F else { return nil }
            content.append(bytes[position])
            position += 1
        }
        return nil
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        guard byte > 0x20 && byte < 0x7F else { return false }
        switch byte {
        case 0x28, 0x29, 0x3C, 0x3E, 0x40, 0x2C, 0x3B, 0x3A, 0x5C, 0x22, 0x2F, 0x5B, 0x5D, 0x3F, 0x3D: return false
        default: return true
        }
    }
}
