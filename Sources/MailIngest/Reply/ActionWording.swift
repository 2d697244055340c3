import AccountEngine

/// A transaction's actions in plain words, for the replies people read. Deliberately modest: it
/// says what each action does, not what a signature authorises on a chain (which chainmail cannot
/// see).
enum ActionWording {
    static func words(for action: Action) -> String {
        switch action {
        case .callChainSig(let args):
            let chain = args.path.split(separator: ",", maxSplits: 1).first.map(String.init) ?? args.path
            return "sign a \(args.payload.count)-byte payload for the key path \"\(args.path)\" on \(chain) "
                + "(a blind signature: chainmail cannot show what it authorises)"
        case .addKey(let identity):
            return "add \(identityWords(identity)) to the account"
        case .removeKey(let identity):
            return "remove \(identityWords(identity)) from the account"
        case .deleteAccount:
            return "delete the account"
        }
    }

    static func identityWords(_ identity: AuthIdentity) -> String {
        switch identity.value {
        case .oidc(let issuer, _, let email): "the email identity \(email) (signing in with \(issuer))"
        case .pubKey(let key): "the key \(key)"
        case .webAuthn: "a passkey"
        case .account(let accountId): "the NEAR account \(accountId)"
        }
    }
}
