import AccountEngine
import ChainSigner
import ChainmailTestSupport
import Foundation
import Testing

/// Section 4.1 for each kind of identity an AddKey may add, each proven by its independent peer.
@Suite("consent of an added identity, for each identity kind: executes with it, awaits without it, refuses a failing one")
struct ConsentByIdentityKindTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case evm
        case solana
        case near
        case webAuthn
        case oidcToken
        case oidcEmail

        var testDescription: String { rawValue }
    }

    /// An identity of one kind, what consents for it, and consents that fail, each with its code.
    struct Candidate {
        let identity: AuthIdentity
        /// A valid consent over `txHash`; `attempt` numbers the calls (a passkey's counter rises).
        let consent: (_ txHash: String, _ attempt: UInt32) async throws -> ApprovalProof
        /// Consents that fail for `txHash` (`otherTxHash` is another transaction's), with their codes.
        let failing: (_ txHash: String, _ otherTxHash: String) async throws -> [(what: String, proof: ApprovalProof, code: String)]
    }

    static func candidate(_ kind: Kind, provider: PeerOIDCProvider) async throws -> Candidate {
        switch kind {
        case .evm:
            let wallet = try await PeerWallet.make()
            let other = try await PeerWallet.make()
            return Candidate(
                identity: try wallet.identity,
                consent: { txHash, _ in try await wallet.approval(txHash: txHash) },
                failing: { txHash, otherTxHash in
                    let line = ApprovalLine.text(serviceId: AuthenticationSettings.defaultServiceId, txHash: txHash)
                    let forged = ApprovalProof(
                        authIdentity: try wallet.identity,
                        message: line,
                        evidence: .messageSignature(try await other.sign([line])[0])
                    )
                    return [
                        ("another key", forged, "invalid_signature"),
                        ("another txHash", try await wallet.approval(txHash: otherTxHash), "message_not_an_approval"),
                    ]
                }
            )
        case .solana:
            let wallet = try await PeerEd25519Wallet.make()
            let other = try await PeerEd25519Wallet.make()
            return Candidate(
                identity: try wallet.solanaIdentity,
                consent: { txHash, _ in try await wallet.solanaApproval(txHash: txHash) },
                failing: { txHash, otherTxHash in
                    let otherProof = try await other.solanaApproval(txHash: txHash)
                    let forged = ApprovalProof(authIdentity: try wallet.solanaIdentity, message: otherProof.message, evidence: otherProof.evidence)
                    return [
                        ("another key", forged, "invalid_signature"),
                        ("another txHash", try await wallet.solanaApproval(txHash: otherTxHash), "message_not_an_approval"),
                    ]
                }
            )
        case .near:
            let wallet = try await PeerEd25519Wallet.make()
            let other = try await PeerEd25519Wallet.make()
            return Candidate(
                identity: try wallet.nearIdentity,
                consent: { txHash, _ in try await wallet.nearApproval(txHash: txHash) },
                failing: { txHash, otherTxHash in
                    let otherProof = try await other.nearApproval(txHash: txHash)
                    let forged = ApprovalProof(authIdentity: try wallet.nearIdentity, message: otherProof.message, evidence: otherProof.evidence)
                    // NEP-413 binds the txHash in its nonce: the same message signed with another nonce.
                    let line = ApprovalLine.text(serviceId: AuthenticationSettings.defaultServiceId, txHash: txHash)
                    let otherNonce = ApprovalProof(
                        authIdentity: try wallet.nearIdentity,
                        message: line,
                        evidence: .messageSignature(try await wallet.signNEP413(message: line, txHash: otherTxHash))
                    )
                    return [("another key", forged, "invalid_signature"), ("another txHash", otherNonce, "invalid_signature")]
                }
            )
        case .webAuthn:
            let passkey = try await PeerPasskey.make()
            let other = try await PeerPasskey.make()
            return Candidate(
                identity: try passkey.identity,
                consent: { txHash, attempt in try await passkey.approval(txHash: txHash, signCount: 10 * attempt) },
                failing: { txHash, otherTxHash in
                    let otherProof = try await other.approval(txHash: txHash, signCount: 1)
                    let forged = ApprovalProof(authIdentity: try passkey.identity, message: "", evidence: otherProof.evidence)
                    return [
                        ("another key", forged, "webauthn_signature_invalid"),
                        ("another txHash", try await passkey.approval(txHash: otherTxHash, signCount: 1), "webauthn_challenge_mismatch"),
                    ]
                }
            )
        case .oidcToken:
            let identity = try ConsentFixture.oidcIdentity("token-\(UUID().uuidString.prefix(8).lowercased())@example.com")
            let other = try await PeerOIDCProvider.make(kid: provider.kid)
            return Candidate(
                identity: identity,
                consent: { txHash, _ in try await provider.approval(of: identity, txHash: txHash) },
                failing: { txHash, otherTxHash in
                    [
                        ("another key", try await other.approval(of: identity, txHash: txHash), "oidc_signature_invalid"),
                        ("another txHash", try await provider.approval(of: identity, txHash: otherTxHash), "oidc_nonce_mismatch"),
                        (
                            "an expired token",
                            try await provider.approval(of: identity, txHash: txHash, now: Date().addingTimeInterval(-7_200)),
                            "oidc_expired"
                        ),
                    ]
                }
            )
        case .oidcEmail:
            let email = "mail-\(UUID().uuidString.prefix(8).lowercased())@example.com"
            let identity = try ConsentFixture.oidcIdentity(email)
            func mail(from: String, txHash: String) throws -> ApprovalProof {
                let verified = try VerifiedEmail(
                    fromAddress: from,
                    txHash: [UInt8](hex: txHash) ?? [],
                    dkimDomain: "example.com",
                    dkimSignature: "b-\(UUID().uuidString)",
                    verifiedAt: Date()
                )
                return ApprovalProof(authIdentity: identity, message: "Subject: \(txHash)", evidence: .verifiedEmail(verified))
            }
            return Candidate(
                identity: identity,
                consent: { txHash, _ in try mail(from: email, txHash: txHash) },
                failing: { txHash, otherTxHash in
                    [
                        ("another sender", try mail(from: "someone-else@example.com", txHash: txHash), "invalid_signature"),
                        ("another txHash", try mail(from: email, txHash: otherTxHash), "invalid_signature"),
                    ]
                }
            )
        }
    }

    @Test(
        "AddKey: a failing consent is refused with its code and leaves nothing; without consent it awaits; with it, it executes",
        arguments: Kind.allCases
    )
    func consent(_ kind: Kind) async throws {
        let fixture = try await ConsentFixture.make()
        defer { fixture.removeFiles() }
        let authority = try await PeerWallet.make()
        let candidate = try await Self.candidate(kind, provider: fixture.provider)
        let identity = candidate.identity
        _ = try await fixture.engine.createAccount(id: "alice", identity: try authority.identity)
        _ = try await fixture.engine.createAccount(id: "bob", identity: try authority.identity)
        let transactions = [
            TransactionText.make("alice", nonce: 0, [TransactionText.addKey(identity)]),
            TransactionText.make("alice", nonce: 1, [TransactionText.addKey(identity)]),
            TransactionText.make("bob", nonce: 0, [TransactionText.callChainSig(), TransactionText.addKey(identity)]),
        ]
        let argsList = try await authority.executeArgs(transactions)
        let args = argsList[0]
        let txHash = args.transaction.txHashHex

        // A consent that fails: refused with its code, nothing kept, nothing changed.
        for failing in try await candidate.failing(txHash, argsList[1].transaction.txHashHex) {
            let error = await #expect(throws: EngineError.self, "\(failing.what)") {
                try await fixture.engine.submit(args.with(consents: [failing.proof]))
            }
            #expect(error?.code == failing.code, "\(failing.what)")
            #expect(try await fixture.engine.pendingTransaction(txHash: txHash) == nil, "\(failing.what) left a kept transaction")
            #expect(try await fixture.nonce("alice") == 0)
            #expect(try await fixture.identities("alice") == [try authority.identity])
        }

        // Without its consent: kept, awaiting exactly it; the account is unchanged.
        let awaiting = try #require(try await fixture.engine.submit(args).awaiting)
        #expect(awaiting.missing == [identity])
        #expect(awaiting.authorityProven)
        #expect(try await fixture.nonce("alice") == 0)
        #expect(try await fixture.engine.accounts(holding: identity).isEmpty)

        // Its consent arrives: the transaction executes.
        let executed = try #require(try await fixture.engine.addProof(try await candidate.consent(txHash, 1), toTransaction: txHash).executed)
        #expect(executed.results == [.addKey(identity)])
        #expect(try await fixture.nonce("alice") == 1)
        #expect(try await fixture.identities("alice") == [try authority.identity, identity])
        #expect(try await fixture.engine.pendingTransaction(txHash: txHash) == nil)

        // With its consent in the same call: executes at once.
        let bob = argsList[2]
        let direct = try await fixture.engine.submit(bob.with(consents: [try await candidate.consent(bob.transaction.txHashHex, 2)]))
        #expect(direct.executed?.nonce == 1)
        #expect(try await fixture.identities("bob") == [try authority.identity, identity])

        // Both were added with a recorded consent: the audit lists neither.
        let findings = try await fixture.store.auditIdentities()
        #expect(findings.filter { $0.identity == identity }.isEmpty, "\(findings)")
    }
}
