import AccountEngine
import ErrorCodes

/// The address normalisation of PROTOCOL.md section 1 for mail senders: AccountEngine's
/// `EmailAddressSyntax`, the same rule OIDC identities are held to, with mail's error codes.
public enum EmailAddress {
    /// The address lowercased, or an error unless it is plain ASCII `local@domain` with a dot-atom local part
    /// (at most 64 characters) and a host-name domain of at least two labels (letters, digits, inner hyphens,
    /// 63 characters a label, `xn--` labels as they are, no numeric top-level label, at most 253 characters).
    /// Surrounding white space is removed first. Quoted local parts and domain literals are refused.
    /// Errors: `address_not_ascii`, `address_invalid`.
    public static func normalize(_ address: String) -> Result<String, MailParseError> {
        EmailAddressSyntax.normalise(address).mapError { problem in
            switch problem {
            case .notASCII(let shown): notASCII(shown)
            case .invalid(let detail): invalid(detail)
            }
        }
    }

    static func notASCII(_ shown: String) -> MailParseError {
        .init(code: .addressNotAscii, message: "the address \(shown) is not plain ASCII")
    }

    private static func invalid(_ detail: String) -> MailParseError {
        .init(code: .addressInvalid, message: "not a valid address: \(detail)")
    }
}
