import AccountEngine
import ChainSigner
import ChainmailTestSupport
import Foundation
import Testing

/// Issue 10's attack, at the engine: Mallory, with nothing but an EVM key of her own, tries to put
/// a victim's OIDC identity on her account and then sign with the victim's derived key.
@Suite("the identity theft of issue 10: an identity goes onto an account only with its own consent")
struct IdentityTheftTests {
    @Test("AddKey of the victim with only the attacker's proof awaits the victim; CallChainSig for the victim is refused and signs nothing")
    func addKeyThenSignAsVictim() async throws {
        let fixture = try await ConsentFixture.make()
        defer { fixture.removeFiles() }
        let mallory = try await PeerWallet.make()
        let victim = try ConsentFixture.oidcIdentity("victim@example.com")
        _ = try await fixture.engine.createAccount(id: "mallory", identity: try mallory.identity)
        _ = try await fixture.engine.createAccount(id: "victim", identity: victim)

        // Step 1: AddKey(victim), proven by Mallory alone: kept, awaiting the victim (the API's 202).
        let addKey = try await mallory.executeArgs(TransactionText.make("mallory", nonce: 0, [TransactionText.addKey(victim)]))
        let outcome = try await fixture.engine.submit(addKey)
        let awaiting = try #require(outcome.awaiting, "AddKey of a stranger executed without the stranger's consent")
        #expect(awaiting.missing == [victim])
        #expect(awaiting.authorityProven)
        #expect(awaiting.txHash == addKey.transaction.txHashHex)
        #expect(try await fixture.engine.awaitedProofs(txHash: addKey.transaction.txHashHex)?.missing == [victim])
        // The convenience `execute` refuses it outright.
        #expect(await EngineError.code { try await fixture.engine.execute(addKey) } == "awaiting_proofs")

        // Step 2: CallChainSig with authTarget = the victim, inside the transaction, at the same nonce.
        let steal = try await mallory.executeArgs(
            TransactionText.make("mallory", nonce: 0, authTarget: victim, [TransactionText.callChainSig(path: "ethereum,1")])
        )
        let refused = await #expect(throws: EngineError.self) { try await fixture.engine.submit(steal) }
        #expect(refused?.code == "auth_target_not_on_account")
        // The same target named only in ExecuteArgs (a relay's rewrite) is refused too.
        let rewritten = try await mallory.executeArgs(
            TransactionText.make("mallory", nonce: 0, [TransactionText.callChainSig(path: "ethereum,1")]),
            authTarget: victim
        )
        #expect(await EngineError.code { try await fixture.engine.submit(rewritten) } == "auth_target_not_signed")

        // No signature was produced, the victim is not on Mallory's account, her nonce is untouched.
        #expect(try await fixture.engine.executedTransaction(txHash: steal.transaction.txHashHex) == nil)
        #expect(try await fixture.engine.executedTransaction(txHash: rewritten.transaction.txHashHex) == nil)
        #expect(try await fixture.engine.pendingTransaction(txHash: steal.transaction.txHashHex) == nil)
        #expect(try await fixture.executedCount("mallory") == 0)
        #expect(try await fixture.nonce("mallory") == 0)
        #expect(try await fixture.identities("mallory") == [try mallory.identity])
        #expect(try await fixture.engine.accounts(holding: victim).map(\.accountId) == ["victim"])
        #expect(try await fixture.nonce("victim") == 0)
    }

    @Test("consents Mallory can make herself are refused: her own token for the victim's email, an email from her mailbox, her wallet")
    func forgedConsents() async throws {
        let fixture = try await ConsentFixture.make()
        defer { fixture.removeFiles() }
        let mallory = try await PeerWallet.make()
        let victim = try ConsentFixture.oidcIdentity("victim@example.com")
        _ = try await fixture.engine.createAccount(id: "mallory", identity: try mallory.identity)
        let addKey = try await mallory.executeArgs(TransactionText.make("mallory", nonce: 0, [TransactionText.addKey(victim)]))
        let txHash = addKey.transaction.txHashHex

        // An ID token for the victim's email signed by a key of Mallory's own under the same kid.
        let malloryProvider = try await PeerOIDCProvider.make(kid: fixture.provider.kid)
        let ownToken = try await malloryProvider.approval(of: victim, txHash: txHash)
        // A token the real provider issued to Mallory (her email), presented for the victim.
        let malloryToken = try await fixture.provider.approval(of: victim, txHash: txHash, overrides: ["email": .string("mallory@example.com")])
        // A DKIM-verified mail from Mallory's mailbox, presented as the victim's consent.
        let mail = try VerifiedEmail(
            fromAddress: "mallory@example.com",
            txHash: addKey.transaction.txHash,
            dkimDomain: "example.com",
            dkimSignature: "mallory-b",
            verifiedAt: Date()
        )
        let fromHerMailbox = ApprovalProof(authIdentity: victim, message: "Subject: \(txHash)", evidence: .verifiedEmail(mail))
        // Her wallet's approval, presented as a consent: her wallet is on the account, not added.
        let herOwn = try await mallory.approval(txHash: txHash)

        let cases: [(ApprovalProof, String)] = [
            (ownToken, "oidc_signature_invalid"),
            (malloryToken, "oidc_email_mismatch"),
            (fromHerMailbox, "invalid_signature"),
            (herOwn, "consent_not_requested"),
        ]
        for (consent, code) in cases {
            let error = await #expect(throws: EngineError.self) { try await fixture.engine.submit(addKey.with(consents: [consent])) }
            #expect(error?.code == code)
            #expect(try await fixture.engine.pendingTransaction(txHash: txHash) == nil, "a refused proof was kept")
        }
        // Kept with Mallory's proof, the transaction takes none of them one by one either.
        #expect(try await fixture.engine.submit(addKey).awaiting?.missing == [victim])
        for (consent, code) in cases.dropLast() {
            #expect(await EngineError.code { try await fixture.engine.addProof(consent, toTransaction: txHash) } == code)
        }
        // Her wallet's proof posted alone is her authority's again, which changes nothing.
        #expect(try await fixture.engine.addProof(herOwn, toTransaction: txHash).awaiting?.missing == [victim])
        #expect(try await fixture.engine.awaitedProofs(txHash: txHash)?.missing == [victim])
        #expect(try await fixture.nonce("mallory") == 0)
        #expect(try await fixture.identities("mallory") == [try mallory.identity])
        #expect(try await fixture.engine.accounts(holding: victim).isEmpty)
    }
}
