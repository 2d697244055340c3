import AccountEngine

/// In plain words, how one identity approves a transaction: the approval email and the reply to a
/// mail that awaits other proofs both say it, so a person knows exactly what is still needed.
public struct ApprovalInstructions: Sendable {
    /// The service id that wallet approval lines and NEP-413 messages name.
    public let serviceId: String
    /// The address approval mails go to.
    public let serviceAddress: String

    public init(serviceId: String, serviceAddress: String) {
        self.serviceId = serviceId
        self.serviceAddress = serviceAddress
    }

    /// One sentence for `identity` and `txHash`.
    public func sentence(for identity: AuthIdentity, txHash: String) -> String {
        switch identity.value {
        case .oidc(let issuer, _, let email):
            return "\(email) approves by sending a mail to \(serviceAddress) whose Subject holds \(txHash), "
                + "or by signing in with \(issuer) for an ID token whose nonce is \(txHash)."
        case .pubKey(let key) where identity.kind.signsApprovalLine:
            return "The wallet \(key) approves by signing the message \"\(ApprovalLine.text(serviceId: serviceId, txHash: txHash))\"."
        case .pubKey(let key):
            return "The NEAR key \(key) approves by signing a NEP-413 message for recipient \(serviceId) whose nonce is the txHash."
        case .webAuthn:
            return "The passkey \(identity.path) approves with an assertion whose challenge is the txHash (base64url)."
        case .account(let accountId):
            return "The NEAR account \(accountId) approves by a NEP-413 message for recipient \(serviceId), signed with one of its full-access keys."
        }
    }

    /// The lines telling what a transaction awaiting proofs still needs.
    public func awaitedLines(_ awaiting: AwaitingProofs) -> [String] {
        var lines: [String] = []
        if !awaiting.authorityProven {
            lines.append("- An identity of account \(awaiting.accountId) must approve it.")
        }
        for identity in awaiting.missing {
            lines.append("- The identity it adds, \(identity), must consent. \(sentence(for: identity, txHash: awaiting.txHash))")
        }
        return lines
    }
}
