import NEARClient

/// `Account` identities (PROTOCOL.md section 4): a NEP-413 signed message by a full-access key of
/// the NEAR account. The signature is checked exactly as for a `near:ed25519:` identity of the key
/// the proof names (`NEP413SignatureVerifier`: the txHash nonce, the configured recipient); only
/// then is NEAR asked, at finality `final`, whether the account has that key with full access.
///
/// A function-call key, a key the account does not have and an account that does not exist are
/// `near_key_not_authorised`; an RPC that does not answer is `near_rpc_unavailable` (temporary);
/// without a lookup (no `near.rpcURL` configured) every proof is `near_rpc_not_configured`.
public struct NEARAccountVerifier: ProofVerifier {
    /// The NEP-413 check shared with `near:` identities.
    public let signatureVerifier: NEP413SignatureVerifier
    /// How the key's permission is read; nil when no NEAR RPC is configured.
    public let lookup: (any NEARAccessKeyLookup)?

    public init(recipient: String, lookup: (any NEARAccessKeyLookup)?) {
        self.signatureVerifier = NEP413SignatureVerifier(recipient: recipient)
        self.lookup = lookup
    }

    public func verify(_ proof: ProofInput) async -> ProofVerdict {
        guard case .account(let account) = proof.identity.value else {
            return .refused(.unsupportedIdentity("this verifier checks only Account identities"))
        }
        guard let text = proof.messageSignature else {
            return .refused(.invalidSignature("an Account identity is proven by a NEP-413 messageSignature"))
        }
        let signed: NEARAccountProof
        do {
            signed = try NEARAccountProof(messageSignature: text)
        } catch {
            return .refused(error)
        }
        let keyIdentity: AuthIdentity
        do {
            keyIdentity = try AuthIdentity(.pubKey("near:" + signed.publicKey.description))
        } catch {
            return .refused(.invalidSignature("publicKey \(signed.publicKey) is not an acceptable ed25519 key: \(error.message)"))
        }
        let keyProof = ProofInput(
            identity: keyIdentity,
            message: proof.message,
            evidence: .messageSignature(signed.signature),
            txHash: proof.txHash,
            now: proof.now
        )
        if case .refused(let error) = signatureVerifier.check(keyProof) {
            // The key is part of the evidence here, not the identity: a key refused is a bad proof.
            return .refused(error.errorCode == .invalidIdentity ? .invalidSignature(error.message) : error)
        }
        guard let lookup else { return .refused(.nearRPCNotConfigured) }
        switch await lookup.accessKey(account: account, publicKey: signed.publicKey) {
        case .permission(.fullAccess):
            return .valid
        case .permission(.functionCall(let receiverId, _)):
            return .refused(
                .nearKeyNotAuthorised("\(signed.publicKey) is a function-call key of \(account) (for \(receiverId)), not a full-access key")
            )
        case .unknownKey(let detail):
            return .refused(.nearKeyNotAuthorised("\(signed.publicKey) is not an access key of \(account): \(detail)"))
        case .unknownAccount(let detail):
            return .refused(.nearKeyNotAuthorised("the NEAR account \(account) does not exist: \(detail)"))
        case .unavailable(let detail):
            return .refused(.nearRPCUnavailable("cannot read the access key of \(account) from NEAR: \(detail)"))
        }
    }
}
