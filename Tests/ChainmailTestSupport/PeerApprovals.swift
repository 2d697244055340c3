import AccountEngine
import Foundation

// Proofs of section 4.1 (`{"authIdentity","message","messageSignature"}`) made by the independent
// peers: each is what a wallet, a passkey or an OIDC provider outside Swift answers for one txHash.
// They serve as the authority's proof or as a consent alike.

extension PeerWallet {
    /// The approval line of `txHash` (section 4 step 3), signed with eth-account.
    public func approval(txHash: String, serviceId: String = AuthenticationSettings.defaultServiceId) async throws -> ApprovalProof {
        let message = ApprovalLine.text(serviceId: serviceId, txHash: txHash)
        return ApprovalProof(authIdentity: try identity, message: message, evidence: .messageSignature(try await sign([message])[0]))
    }
}

extension PeerEd25519Wallet {
    /// The approval line of `txHash`, signed by PyNaCl as a Solana wallet's signMessage does.
    public func solanaApproval(txHash: String, serviceId: String = AuthenticationSettings.defaultServiceId) async throws -> ApprovalProof {
        let message = ApprovalLine.text(serviceId: serviceId, txHash: txHash)
        return ApprovalProof(
            authIdentity: try solanaIdentity,
            message: message,
            evidence: .messageSignature(try await signSolana([message])[0])
        )
    }

    /// A NEP-413 signature whose nonce is `txHash` and whose recipient is the service id.
    public func nearApproval(txHash: String, recipient: String = AuthenticationSettings.defaultServiceId) async throws -> ApprovalProof {
        let message = ApprovalLine.text(serviceId: recipient, txHash: txHash)
        return ApprovalProof(
            authIdentity: try nearIdentity,
            message: message,
            evidence: .messageSignature(try await signNEP413(message: message, txHash: txHash, recipient: recipient))
        )
    }
}

extension PeerPasskey {
    /// An assertion whose challenge is `txHash`, made by the `cryptography` authenticator.
    public func approval(txHash: String, signCount: UInt32, origin: String = "http://localhost:8080") async throws -> ApprovalProof {
        let assertion = try await assert(Assertion(txHash: txHash, signCount: signCount, origin: origin))
        return ApprovalProof(authIdentity: try identity, message: "", evidence: .messageSignature(assertion))
    }
}

extension PeerOIDCProvider {
    /// An ID token for `identity` (an OIDC identity of this provider) whose nonce is `txHash`,
    /// signed by PyJWT; `overrides` replace claims (an `exp` in the past, another `nonce`).
    public func approval(
        of identity: AuthIdentity,
        txHash: String,
        now: Date = Date(),
        overrides: [String: JSONValue] = [:]
    ) async throws -> ApprovalProof {
        guard case .oidc(let issuer, let clientId, let email) = identity.value else {
            throw PythonPeer.Failure(description: "\(identity) is not an OIDC identity")
        }
        let claims = Self.claims(txHash: txHash, issuer: issuer, audience: .string(clientId), email: email, now: now, overrides: overrides)
        return ApprovalProof(authIdentity: identity, message: "", evidence: .messageSignature(try await sign(claims)))
    }
}

extension ExecuteArgs {
    /// The same ExecuteArgs carrying `consents` (section 4.1).
    public func with(consents: [ApprovalProof]) -> ExecuteArgs {
        ExecuteArgs(
            transaction: transaction,
            authIdentity: authIdentity,
            authTarget: authTargetClaim,
            message: message,
            evidence: evidence,
            consents: consents
        )
    }
}
