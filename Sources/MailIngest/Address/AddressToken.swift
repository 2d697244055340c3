import AccountEngine

/// A lexical token of an RFC 5322 address field, with comments and folding white space already dropped.
struct AddressToken: Equatable {
    enum Kind: Equatable {
        /// A run of atext (RFC 6532 UTF-8 included, so non-ASCII addresses can be named as such).
        case atom
        /// A quoted-string; `bytes` holds its content with the quoting undone.
        case quotedString
        /// One of `< > @ , ; : . [ ]`.
        case special(UInt8)
    }

    var kind: Kind
    var bytes: [UInt8]
    /// Whether CFWS (white space or a comment) came right before this token.
    var spaceBefore: Bool

    func isSpecial(_ byte: UInt8) -> Bool { kind == .special(byte) }
}

/// Splits an unfolded address field into tokens.
enum AddressTokenizer {
    static func tokens(_ bytes: [UInt8]) -> Result<[AddressToken], MailParseError> {
        var tokens: [AddressToken] = []
        var index = 0
        var space = false
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case .sp, .htab:
                space = true
                index += 1
            case 0x28:  // "(" comment, nesting allowed
                var depth = 0
                repeat {
                    guard index < bytes.count else { return .failure(.fromInvalid("unterminated comment")) }
                    switch bytes[index] {
                    case 0x5C: index += 1
                    case 0x28: depth += 1
                    case 0x29: depth -= 1
                    case let other where other < 0x20 && other != .htab: return .failure(.fromInvalid("control character in a comment"))
                    default: break
                    }
                    index += 1
                } while depth > 0
                space = true
            case 0x22:  // quoted-string
                var content: [UInt8] = []
                index += 1
                while true {
                    guard index < bytes.count else { return .failure(.fromInvalid("unterminated quoted string")) }
                    let inner = bytes[index]
                    if inner == 0x22 { break }
                    if inner == 0x5C {
                        guard index + 1 < bytes.count else { return .failure(.fromInvalid("unterminated quoted string")) }
                        index += 1
                    }
                    let literal = bytes[index]
                    guard literal >= 0x20 || literal == .htab, literal != 0x7F else {
                        return .failure(.fromInvalid("control character in a quoted string"))
                    }
                    content.append(literal)
                    index += 1
                }
                index += 1
                tokens.append(AddressToken(kind: .quotedString, bytes: content, spaceBefore: space))
                space = false
            case 0x3C, 0x3E, 0x40, 0x2C, 0x3B, 0x3A, 0x2E, 0x5B, 0x5D:
                tokens.append(AddressToken(kind: .special(byte), bytes: [byte], spaceBefore: space))
                space = false
                index += 1
            default:
                guard isAtext(byte) else {
                    return .failure(
                        .fromInvalid(
                            byte < 0x20 || byte == 0x7F ? "control character" : "unexpected character \"\(Character(Unicode.Scalar(byte)))\""
                        )
                    )
                }
                let start = index
                while index < bytes.count && isAtext(bytes[index]) { index += 1 }
                tokens.append(AddressToken(kind: .atom, bytes: Array(bytes[start..<index]), spaceBefore: space))
                space = false
            }
        }
        return .success(tokens)
    }

    /// RFC 5322 atext (`EmailAddressSyntax`'s), widened by RFC 6532 to UTF-8 bytes: the tokenizer
    /// reads them, and the address rule refuses them afterwards with `address_not_ascii`.
    static func isAtext(_ byte: UInt8) -> Bool {
        byte >= 0x80 || EmailAddressSyntax.isAtext(byte)
    }
}
