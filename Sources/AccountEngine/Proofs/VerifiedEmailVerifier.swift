import ChainSigner

/// A DKIM-verified email handed over by MailIngest proves an OIDC identity whose email is the
/// sender's, for the txHash its Subject named (section 5). DKIM itself was checked upstream.
public struct VerifiedEmailVerifier: ProofVerifier {
    public init() {}

    public func verify(_ proof: ProofInput) async -> ProofVerdict {
        guard case .verifiedEmail(let email) = proof.evidence else {
            return .refused(.invalidSignature("no verified email was presented"))
        }
        guard case .oidc(_, _, let identityEmail) = proof.identity.value else {
            return .refused(.unsupportedIdentity("an email proves only an OIDC identity"))
        }
        guard identityEmail == email.fromAddress else {
            return .refused(.invalidSignature("the email's sender is not the identity's email"))
        }
        guard email.txHash == proof.txHash else {
            return .refused(.invalidSignature("the email approves another transaction hash"))
        }
        // The once-only rule of section 5 is kept by the commit itself, so two deliveries racing
        // with the same mail cannot both execute.
        return .validIfCommitted(.emailSignature(email.dkimSignature, txHash: email.txHash.hexString, redeliveryKey: email.redeliveryKey))
    }
}
