/// A transaction with the proofs that arrived for it in one call: the authority's (an identity on
/// the account), consents (identities the transaction adds), or both. ExecuteArgs, a proof posted
/// for a kept transaction, and an email each make one.
package struct Submission: Sendable {
    package let transaction: SignedTransaction
    package let authority: ApprovalProof?
    /// The signing target the caller named: ExecuteArgs' `authTarget`, or an email's signed
    /// `auth-target:` line.
    package let authTargetClaim: AuthIdentity?
    package let consents: [ApprovalProof]

    package init(transaction: SignedTransaction, authority: ApprovalProof?, authTargetClaim: AuthIdentity? = nil, consents: [ApprovalProof]) {
        self.transaction = transaction
        self.authority = authority
        self.authTargetClaim = authTargetClaim
        self.consents = consents
    }

    package init(_ args: ExecuteArgs) {
        self.init(transaction: args.transaction, authority: args.proof, authTargetClaim: args.authTargetClaim, consents: args.consents)
    }

    /// The identity whose derived keys the signing actions use (section 4 step 6 and section 5):
    /// the transaction's `authTarget`; without one, the target an email named on its signed
    /// `auth-target:` line (DKIM covers the body, so the line is the sender's word); else the
    /// authority's own identity. Nil without an authority proof.
    package var authTarget: AuthIdentity? {
        if let target = transaction.transaction.authTarget { return target }
        guard let authority else { return nil }
        if case .verifiedEmail = authority.evidence, let authTargetClaim { return authTargetClaim }
        return authority.authIdentity
    }

    /// Whether every identity the transaction adds has consented in this very submission.
    var hasEveryConsent: Bool {
        let consented = Set(consents.map(\.authIdentity))
        return transaction.transaction.addedIdentities.allSatisfy { consented.contains($0) }
    }
}
