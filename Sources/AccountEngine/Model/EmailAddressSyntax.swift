/// The one address rule of PROTOCOL.md section 1, shared by OIDC identities (`AuthIdentity`) and mail
/// senders (MailIngest's `EmailAddress` and From parser), so an identity the API accepts is one a mail
/// can prove, and the reverse.
///
/// Accepted: plain ASCII `local@domain` with a dot-atom local part (RFC 5322 atext, at most 64
/// characters) and a host-name domain of at least two labels (letters, digits, inner hyphens, at most
/// 63 characters a label, `xn--` labels as they are, no numeric top-level label, at most 253
/// characters). The result is lowercased. Quoted local parts, domain literals, single-label domains
/// (`localhost`), trailing dots and non-ASCII (unencoded IDN) addresses are refused.
public enum EmailAddressSyntax {
    /// Why an address is refused, for the caller to word in its own context.
    public enum Problem: Error, Equatable, Sendable {
        /// The address holds a byte outside ASCII; the associated text is the address as given.
        case notASCII(String)
        /// The address is ASCII but not `local@domain` by the rule above; the text says why.
        case invalid(String)
    }

    /// Trims surrounding spaces, tabs, CR and LF, splits at the last `@`, then applies
    /// `normalise(local:domain:)`.
    public static func normalise(_ address: String) -> Result<String, Problem> {
        let bytes = Array(address.utf8)
        var start = 0
        var end = bytes.count
        while start < end && isTrimmed(bytes[start]) { start += 1 }
        while end > start && isTrimmed(bytes[end - 1]) { end -= 1 }
        let trimmed = bytes[start..<end]
        guard let at = trimmed.lastIndex(of: 0x40) else { return .failure(.invalid("the address has no @")) }
        return normalise(local: Array(trimmed[..<at]), domain: Array(trimmed[(at + 1)...]))
    }

    /// The lowercased `local@domain`, or why it is refused.
    public static func normalise(local: [UInt8], domain: [UInt8]) -> Result<String, Problem> {
        guard local.allSatisfy({ $0 < 0x80 }) && domain.allSatisfy({ $0 < 0x80 }) else {
            return .failure(.notASCII(String(decoding: local + [0x40] + domain, as: UTF8.self)))
        }
        guard !local.isEmpty else { return .failure(.invalid("the local part is empty")) }
        guard local.count <= 64 else { return .failure(.invalid("the local part is longer than 64 characters")) }
        guard isDotAtom(local) else { return .failure(.invalid("the local part is not a dot-atom")) }
        let lowerDomain = domain.map(lowercased)
        if let problem = hostNameProblem(lowerDomain) { return .failure(.invalid(problem)) }
        return .success(String(decoding: local.map(lowercased) + [0x40] + lowerDomain, as: UTF8.self))
    }

    /// RFC 5322 atext (ASCII only: the address is checked to be ASCII first).
    public static func isAtext(_ byte: UInt8) -> Bool {
        if isLetter(byte) || isDigit(byte) { return true }
        switch byte {
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2F, 0x3D, 0x3F, 0x5E, 0x5F, 0x60, 0x7B, 0x7C, 0x7D, 0x7E: return true
        default: return false
        }
    }

    private static func isDotAtom(_ bytes: [UInt8]) -> Bool {
        var previousWasDot = true
        for byte in bytes {
            if byte == 0x2E {
                if previousWasDot { return false }
                previousWasDot = true
            } else {
                guard isAtext(byte) else { return false }
                previousWasDot = false
            }
        }
        return !previousWasDot
    }

    /// Why a lowercase domain is not a host name, or nil when it is one.
    private static func hostNameProblem(_ domain: [UInt8]) -> String? {
        guard !domain.isEmpty else { return "the domain is empty" }
        guard domain.count <= 253 else { return "the domain is longer than 253 characters" }
        let labels = domain.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return "the domain needs at least two labels" }
        for label in labels {
            guard !label.isEmpty else { return "the domain has an empty label" }
            guard label.count <= 63 else { return "a domain label is longer than 63 characters" }
            guard label.allSatisfy({ isLetter($0) || isDigit($0) || $0 == 0x2D }) else {
                return "the domain holds characters other than letters, digits, hyphens and dots"
            }
            guard label.first != 0x2D && label.last != 0x2D else { return "a domain label starts or ends with a hyphen" }
        }
        if labels.last!.allSatisfy(isDigit) { return "the top-level label is numeric" }
        return nil
    }

    private static func isTrimmed(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    private static func lowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
