import AccountEngine
import ChainSigner

/// One line per action for the approval email. Every piece of client text is shown through
/// `printable`, so a crafted path or issuer can neither break the line nor forge a second
/// transaction block.
enum ActionSummary {
    static func describe(_ action: Action) -> String {
        switch action {
        case .callChainSig(let args):
            "Sign payload 0x\(args.payload.hexString) on path \(printable(args.path)) with key version \(args.keyVersion)"
        case .addKey(let identity):
            "Add key \(describe(identity))"
        case .removeKey(let identity):
            "Remove key \(describe(identity))"
        case .deleteAccount:
            "Delete the account"
        }
    }

    static func describe(_ identity: AuthIdentity) -> String {
        switch identity.value {
        case .pubKey(let value):
            "wallet \(printable(value))"
        case .webAuthn(let keyId, let publicKey):
            "passkey \(printable(keyId)) (P-256 key \(publicKey.hexString))"
        case .oidc(let issuer, let clientId, let email):
            "OIDC login \(printable(email)) at \(printable(issuer)) (client \(printable(clientId)))"
        case .account(let accountId):
            "NEAR account \(printable(accountId))"
        }
    }

    /// `text` quoted, bounded, with line breaks and other control or separator characters
    /// replaced by `?`.
    static func printable(_ text: String, limit: Int = 200) -> String {
        var shown = String(
            String.UnicodeScalarView(
                text.unicodeScalars.prefix(limit).map { scalar in
                    let value = scalar.value
                    let isControl = value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
                    return isControl ? "?" : scalar
                }
            )
        )
        if text.unicodeScalars.count > limit { shown += "…" }
        return "\"\(shown)\""
    }
}
