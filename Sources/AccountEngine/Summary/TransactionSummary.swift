import ChainTransactions

/// What the approval says (PROTOCOL.md section 8.3): each action in words a person who knows
/// nothing of JSON can follow, computed from the same parsed transaction that is hashed and
/// signed. The approval email opens with these lines; POST /v1/transactions and
/// GET /v1/transactions/{txHash} answer them as `summary`; the reply to a mail repeats them.
///
/// Every piece of client text goes through `DisplayText.escaped` (by way of `quoted`): invisible
/// and direction-changing code points are shown escaped, and nothing is cut without saying so.
public enum TransactionSummary {
    /// The lines of `transaction`: one or more per action, numbered when there are several.
    public static func lines(for transaction: Transaction, chains: ChainRegistry) -> [String] {
        let actions = transaction.actions
        var lines: [String] = []
        for (index, action) in actions.enumerated() {
            let actionLines = Self.lines(for: action, chains: chains)
            guard actions.count > 1 else {
                lines += actionLines
                continue
            }
            let number = "\(index + 1). "
            let indent = String(repeating: " ", count: number.count)
            lines += actionLines.enumerated().map { $0.offset == 0 ? number + $0.element : indent + $0.element }
        }
        return lines
    }

    /// The lines of one action.
    public static func lines(for action: Action, chains: ChainRegistry) -> [String] {
        switch action {
        case .evmTransaction(let transaction):
            EVMSummary.lines(for: transaction, chains: chains)
        case .bitcoinTransaction(let transaction):
            BitcoinSummary.lines(for: transaction)
        case .callChainSig(let args):
            [
                "Sign payload 0x\(args.payload.hexString) on path \(quoted(args.path, limit: 600)) with key version \(args.keyVersion).",
                "This is a blind signature: chainmail cannot tell what the payload authorises.",
            ]
        case .addKey(let identity):
            ["Add key \(describe(identity)) to the account."]
        case .removeKey(let identity):
            ["Remove key \(describe(identity)) from the account."]
        case .deleteAccount:
            ["Delete the account."]
        }
    }

    /// An identity in words.
    public static func describe(_ identity: AuthIdentity) -> String {
        switch identity.value {
        case .pubKey(let value):
            "wallet \(quoted(value, limit: 600))"
        case .webAuthn(let keyId, let publicKey):
            "passkey \(quoted(keyId, limit: 600)) (P-256 key \(publicKey.hexString))"
        case .oidc(let issuer, let clientId, let email):
            "OIDC login \(quoted(email, limit: 600)) at \(quoted(issuer, limit: 600)) (client \(quoted(clientId, limit: 600)))"
        case .account(let accountId):
            "NEAR account \(quoted(accountId, limit: 600))"
        }
    }
}
