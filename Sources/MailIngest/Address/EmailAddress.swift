/// The address normalisation of PROTOCOL.md section 1, shared by the From parser and anyone comparing
/// addresses with OIDC identities.
public enum EmailAddress {
    /// The address lowercased, or an error unless it is plain ASCII `local@domain` with a dot-atom local part
    /// (at most 64 characters) and a host-name domain of at least two labels (letters, digits, inner hyphens,
    /// 63 characters a label, `xn--` labels as they are, no numeric top-level label, at most 253 characters).
    /// Surrounding white space is removed first. Quoted local parts and domain literals are refused.
    /// Errors: `address_not_ascii`, `address_invalid`.
    public static func normalize(_ address: String) -> Result<String, MailParseError> {
        let bytes = Array(address.trimmingASCIIWhitespace.utf8)
        guard let at = bytes.lastIndex(of: 0x40) else { return .failure(invalid("the address has no @")) }
        return normalize(local: Array(bytes[..<at]), domain: Array(bytes[(at + 1)...])).mapError { problem in
            switch problem {
            case .notASCII(let shown): notASCII(shown)
            case .invalid(let detail): invalid(detail)
            }
        }
    }

    /// Why an address is refused, for the caller to word in its own context.
    enum Problem: Error {
        case notASCII(String)
        case invalid(String)
    }

    static func notASCII(_ shown: String) -> MailParseError {
        .init(code: MailParseError.Code.addressNotASCII, message: "the address \(shown) is not plain ASCII")
    }

    private static func invalid(_ detail: String) -> MailParseError {
        .init(code: MailParseError.Code.addressInvalid, message: "not a valid address: \(detail)")
    }

    static func normalize(local: [UInt8], domain: [UInt8]) -> Result<String, Problem> {
        guard local.allSatisfy({ $0 < 0x80 }) && domain.allSatisfy({ $0 < 0x80 }) else {
            return .failure(.notASCII(String(decoding: local + [0x40] + domain, as: UTF8.self)))
        }
        guard !local.isEmpty else { return .failure(.invalid("the local part is empty")) }
        guard local.count <= 64 else { return .failure(.invalid("the local part is longer than 64 characters")) }
        guard isDotAtom(local) else { return .failure(.invalid("the local part is not a dot-atom")) }
        let lowerDomain = domain.map(\.asciiLowercased)
        if let problem = hostNameProblem(lowerDomain) { return .failure(.invalid(problem)) }
        return .success(String(decoding: local.map(\.asciiLowercased) + [0x40] + lowerDomain, as: UTF8.self))
    }

    private static func isDotAtom(_ bytes: [UInt8]) -> Bool {
        var previousWasDot = true
        for byte in bytes {
            if byte == 0x2E {
                if previousWasDot { return false }
                previousWasDot = true
            } else {
                guard AddressTokenizer.isAtext(byte) else { return false }
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
            guard label.allSatisfy({ $0.isAlpha || $0.isDigit || $0 == 0x2D }) else {
                return "the domain holds characters other than letters, digits, hyphens and dots"
            }
            guard label.first != 0x2D && label.last != 0x2D else { return "a domain label starts or ends with a hyphen" }
        }
        if labels.last!.allSatisfy(\.isDigit) { return "the top-level label is numeric" }
        return nil
    }
}
