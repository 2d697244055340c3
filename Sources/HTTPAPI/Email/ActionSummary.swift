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

    /// Client text quoted by the engine's `quoted`, with a longer bound.
    private static func printable(_ text: String) -> String {
        quoted(text, limit: 200)
    }
}
