import Foundation

extension AccountCommit {
    /// The commit of `signed` executed on `account` as `plan` says: the nonce raised, the
    /// identities replaced, kept or deleted, the added identities' consents recorded.
    init(
        _ signed: SignedTransaction,
        on account: Account,
        plan: ActionPlan,
        resultJSON: String,
        proofStateChanges: [ProofStateChange],
        clearsPending: Bool,
        at executedAt: Date
    ) {
        self.init(
            accountId: account.accountId,
            expectedNonce: account.nonce,
            change: plan.deletesAccount
                ? .deleteAccount
                : plan.identities == account.authIdentities ? .keepIdentities(plan.identities) : .replaceIdentities(plan.identities),
            txHash: signed.txHashHex,
            resultJSON: resultJSON,
            executedAt: executedAt,
            proofStateChanges: proofStateChanges
        )
        self.consentedIdentities = signed.transaction.addedIdentities
        self.clearsPending = clearsPending
        self.transactionJSON = signed.sent.compactText
    }
}
