import AccountEngine
import DKIMVerifier
import ErrorCodes

/// The sender of a message: its one `From:` field, read as exactly one RFC 5322 mailbox.
///
/// Strict on everything that decides who the sender is:
/// - exactly one From field; the value is exactly one `name-addr` or `addr-spec`. A list (any comma outside
///   quotes and comments), a group (`name: …;`), an empty address (`<>`), an obsolete route (`<@a:b@c>`),
///   a second angle address or any other text after the mailbox is refused;
/// - when angle brackets are present the address is the one inside them, never anything in the display
///   name, and a display name holding unquoted specials (`@`, `<`, `[`) is refused rather than guessed at;
/// - the local part must be a dot-atom (quoted local parts are refused) and the domain a host name (domain
///   literals are refused); see `EmailAddress.normalize`.
///
/// Lenient only where nothing is decided: comments anywhere CFWS may stand (nested, with quoted-pairs),
/// folding, obsolete periods in display names (`John Q. Public`), UTF-8 display names (RFC 6532) and RFC 2047
/// encoded-words in display names (undecodable ones are shown as they stand). Encoded-words inside quoted
/// strings are not decoded (RFC 2047 section 5).
public enum FromMailbox {
    public static func parse(_ message: ParsedMessage) -> Result<Mailbox, MailParseError> {
        let fields = message.fields(named: "from")
        guard let field = fields.first else {
            return .failure(.init(code: .fromMissing, message: "the message has no From field"))
        }
        guard fields.count == 1 else {
            return .failure(.init(code: .fromMultipleFields, message: "the message has \(fields.count) From fields"))
        }
        return parse(fieldValue: HeaderValue.unfolded(field, in: message))
    }

    /// The longest From value read, unfolded: an address is at most 64 + 1 + 253 characters, and a display
    /// name of a few hundred more is generous; anything longer is refused unread (`from_too_long`).
    public static let maximumFieldLength = 2048

    /// Parses an unfolded From field value (the bytes after the colon).
    public static func parse(fieldValue: [UInt8]) -> Result<Mailbox, MailParseError> {
        guard fieldValue.count <= maximumFieldLength else {
            return .failure(
                .init(
                    code: .fromTooLong,
                    message: "From is \(fieldValue.count) bytes long, more than the \(maximumFieldLength) allowed"
                )
            )
        }
        let tokens: [AddressToken]
        switch AddressTokenizer.tokens(fieldValue) {
        case .success(let value): tokens = value
        case .failure(let error): return .failure(error)
        }
        guard !tokens.isEmpty else { return .failure(.fromInvalid("the field is empty")) }

        var insideAngle = false
        for token in tokens {
            switch token.kind {
            case .special(0x3C):
                guard !insideAngle else { return .failure(.fromInvalid("nested angle brackets")) }
                insideAngle = true
            case .special(0x3E): insideAngle = false
            case .special(0x2C) where !insideAngle:
                return .failure(notSingle("a list of mailboxes"))
            case .special(0x3A) where !insideAngle, .special(0x3B) where !insideAngle:
                return .failure(notSingle("a group"))
            default: break
            }
        }

        guard let open = tokens.firstIndex(where: { $0.isSpecial(0x3C) }) else {
            guard !tokens.contains(where: { $0.isSpecial(0x3E) }) else { return .failure(.fromInvalid("a > without <")) }
            return addrSpec(tokens[...]).map { Mailbox(displayName: nil, address: $0) }
        }
        guard let close = tokens[open...].firstIndex(where: { $0.isSpecial(0x3E) }) else {
            return .failure(.fromInvalid("a < without >"))
        }
        guard close == tokens.count - 1 else { return .failure(.fromInvalid("text after the mailbox")) }
        let inside = tokens[(open + 1)..<close]
        guard !inside.isEmpty else { return .failure(.fromInvalid("the address is empty")) }
        if inside.first!.isSpecial(0x40) || inside.contains(where: { $0.isSpecial(0x3A) || $0.isSpecial(0x2C) }) {
            return .failure(.fromInvalid("obsolete source routes are refused"))
        }
        let displayName: String?
        switch self.displayName(tokens[..<open]) {
        case .success(let value): displayName = value
        case .failure(let error): return .failure(error)
        }
        return addrSpec(inside).map { Mailbox(displayName: displayName, address: $0) }
    }

    private static func notSingle(_ what: String) -> MailParseError {
        .init(code: .fromNotSingleMailbox, message: "From holds \(what), not exactly one mailbox")
    }

    /// `dot-atom-text "@" dot-atom-text`, CFWS allowed only around the local part and the domain.
    private static func addrSpec(_ tokens: ArraySlice<AddressToken>) -> Result<String, MailParseError> {
        if tokens.contains(where: { $0.kind == .quotedString }) {
            return .failure(.fromInvalid("quoted local parts are refused"))
        }
        if tokens.contains(where: { $0.isSpecial(0x5B) || $0.isSpecial(0x5D) }) {
            return .failure(.fromInvalid("domain literals are refused"))
        }
        let ats = tokens.indices.filter { tokens[$0].isSpecial(0x40) }
        guard let at = ats.first else { return .failure(.fromInvalid("the address has no @")) }
        guard ats.count == 1 else { return .failure(.fromInvalid("the address has more than one @")) }
        guard let local = dotAtomText(tokens[tokens.startIndex..<at]) else {
            return .failure(.fromInvalid("the local part is not a dot-atom"))
        }
        guard let domain = dotAtomText(tokens[(at + 1)...]) else { return .failure(.fromInvalid("the domain is not a host name")) }
        return EmailAddressSyntax.normalise(local: local, domain: domain).mapError { problem in
            switch problem {
            case .notASCII(let shown): EmailAddress.notASCII(shown)
            case .invalid(let detail): .fromInvalid(detail)
            }
        }
    }

    /// The bytes of `atom *("." atom)` with no CFWS inside, or nil.
    private static func dotAtomText(_ tokens: ArraySlice<AddressToken>) -> [UInt8]? {
        guard !tokens.isEmpty else { return nil }
        var bytes: [UInt8] = []
        var expectAtom = true
        for (offset, token) in tokens.enumerated() {
            if offset > 0 && token.spaceBefore { return nil }
            if expectAtom {
                guard token.kind == .atom else { return nil }
            } else {
                guard token.isSpecial(0x2E) else { return nil }
            }
            bytes += token.bytes
            expectAtom.toggle()
        }
        return expectAtom ? nil : bytes
    }

    /// The display name of `phrase` (words, and periods after the first word as obs-phrase allows).
    private static func displayName(_ tokens: ArraySlice<AddressToken>) -> Result<String?, MailParseError> {
        var name = ""
        var previousWasEncoded = false
        for (offset, token) in tokens.enumerated() {
            var piece: String
            var isEncoded = false
            switch token.kind {
            case .atom:
                if let decoded = EncodedWord.decodeToken(token.bytes) {
                    piece = decoded
                    isEncoded = true
                } else {
                    guard let text = String(validating: token.bytes, as: UTF8.self) else {
                        return .failure(.fromInvalid("the display name is not UTF-8"))
                    }
                    piece = text
                }
            case .quotedString:
                guard let text = String(validating: token.bytes, as: UTF8.self) else {
                    return .failure(.fromInvalid("the display name is not UTF-8"))
                }
                piece = text
            case .special(0x2E) where offset > 0:
                piece = "."
            case .special(let byte):
                return .failure(.fromInvalid("unquoted \"\(Character(Unicode.Scalar(byte)))\" in the display name"))
            }
            if offset > 0 && token.spaceBefore && !(isEncoded && previousWasEncoded) { name += " " }
            name += piece
            previousWasEncoded = isEncoded
        }
        let sanitized = name.sanitizedForHeader
        return .success(sanitized.isEmpty ? nil : sanitized)
    }
}
