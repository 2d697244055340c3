import AccountEngine
import ChainSigner
import ChainmailTestSupport
import Foundation
import Testing

/// Section 4.1: a transaction executes when it holds an authority proof and every consent,
/// whichever arrives last; kept proofs expire with their transaction.
@Suite("proofs in every order: consent first, authority first, together, one by one; expiry; 50 racing last proofs")
struct ProofOrderTests {
    struct Setup {
        let fixture: ConsentFixture
        let authority: PeerWallet
        let added: PeerWallet
        let args: ExecuteArgs
        let consent: ApprovalProof
        var txHash: String { args.transaction.txHashHex }
    }

    /// alice (held by `authority`) at nonce 0, and an AddKey of `added`'s wallet with both proofs made.
    static func setUp(pendingLifetime: TimeInterval = AccountEngine.defaultPendingLifetime) async throws -> Setup {
        let fixture = try await ConsentFixture.make(pendingLifetime: pendingLifetime)
        async let authority = PeerWallet.make()
        async let added = PeerWallet.make()
        let (authorityWallet, addedWallet) = try await (authority, added)
        _ = try await fixture.engine.createAccount(id: "alice", identity: try authorityWallet.identity)
        let args = try await authorityWallet.executeArgs(TransactionText.make("alice", nonce: 0, [TransactionText.addKey(try addedWallet.identity)]))
        let consent = try await addedWallet.approval(txHash: args.transaction.txHashHex)
        return Setup(fixture: fixture, authority: authorityWallet, added: addedWallet, args: args, consent: consent)
    }

    /// The authority's proof of `args`, as POST /v1/transactions/{txHash}/proofs carries it.
    static func authorityProof(_ args: ExecuteArgs) -> ApprovalProof {
        ApprovalProof(authIdentity: args.authIdentity, message: args.message, evidence: args.evidence)
    }

    static func expectExecutedOnce(_ setup: Setup) async throws {
        #expect(try await setup.fixture.nonce("alice") == 1)
        #expect(try await setup.fixture.executedCount("alice") == 1)
        #expect(try await setup.fixture.identities("alice") == [try setup.authority.identity, try setup.added.identity])
        #expect(try await setup.fixture.engine.executedTransaction(txHash: setup.txHash) != nil)
        #expect(try await setup.fixture.engine.pendingTransaction(txHash: setup.txHash) == nil, "an executed transaction is still kept")
    }

    @Test("consent first (on a prepared transaction), then the authority's proof: executes on the second")
    func consentFirst() async throws {
        let setup = try await Self.setUp()
        defer { setup.fixture.removeFiles() }
        let engine = setup.fixture.engine
        let prepared = try await engine.prepare(setup.args.transaction)
        #expect(prepared.proofs.isEmpty)

        let afterConsent = try #require(try await engine.addProof(setup.consent, toTransaction: setup.txHash).awaiting)
        #expect(afterConsent.missing.isEmpty)
        #expect(!afterConsent.authorityProven)
        #expect(try await setup.fixture.nonce("alice") == 0)

        let result = try #require(try await engine.addProof(Self.authorityProof(setup.args), toTransaction: setup.txHash).executed)
        #expect(result.nonce == 1)
        try await Self.expectExecutedOnce(setup)
    }

    @Test("the authority first (ExecuteArgs without the consent), then the consent: executes on the second")
    func authorityFirst() async throws {
        let setup = try await Self.setUp()
        defer { setup.fixture.removeFiles() }
        let awaiting = try #require(try await setup.fixture.engine.submit(setup.args).awaiting)
        #expect(awaiting.missing == [try setup.added.identity])
        #expect(awaiting.authorityProven)
        #expect(try await setup.fixture.engine.addProof(setup.consent, toTransaction: setup.txHash).executed?.nonce == 1)
        try await Self.expectExecutedOnce(setup)
    }

    @Test("both in one call: ExecuteArgs with its consents executes at once, keeping nothing")
    func together() async throws {
        let setup = try await Self.setUp()
        defer { setup.fixture.removeFiles() }
        #expect(try await setup.fixture.engine.submit(setup.args.with(consents: [setup.consent])).executed?.nonce == 1)
        try await Self.expectExecutedOnce(setup)
        // Sent again, it is the executed transaction's nonce that refuses it.
        #expect(await EngineError.code { try await setup.fixture.engine.submit(setup.args.with(consents: [setup.consent])) } == "nonce_mismatch")
        #expect(
            await EngineError.code { try await setup.fixture.engine.addProof(setup.consent, toTransaction: setup.txHash) } == "transaction_executed"
        )
    }

    @Test("kept with the authority's proof, then sent whole with its consent: executes, and is no longer kept")
    func keptThenWhole() async throws {
        let setup = try await Self.setUp()
        defer { setup.fixture.removeFiles() }
        #expect(try await setup.fixture.engine.submit(setup.args).awaiting != nil)
        #expect(try await setup.fixture.engine.submit(setup.args.with(consents: [setup.consent])).executed?.nonce == 1)
        try await Self.expectExecutedOnce(setup)
    }

    @Test("two added identities and the authority, each proof posted alone in mixed order: executes on the last")
    func oneByOne() async throws {
        let fixture = try await ConsentFixture.make()
        defer { fixture.removeFiles() }
        let authority = try await PeerWallet.make()
        let passkey = try await PeerPasskey.make()
        let login = try ConsentFixture.oidcIdentity("login@example.com")
        _ = try await fixture.engine.createAccount(id: "alice", identity: try authority.identity)
        let args = try await authority.executeArgs(
            TransactionText.make("alice", nonce: 0, [TransactionText.addKey(try passkey.identity), TransactionText.addKey(login)])
        )
        let txHash = args.transaction.txHashHex
        _ = try await fixture.engine.prepare(args.transaction)

        let first = try #require(
            try await fixture.engine.addProof(try await fixture.provider.approval(of: login, txHash: txHash), toTransaction: txHash).awaiting
        )
        #expect(first.missing == [try passkey.identity])
        #expect(!first.authorityProven)
        let second = try #require(try await fixture.engine.addProof(Self.authorityProof(args), toTransaction: txHash).awaiting)
        #expect(second.missing == [try passkey.identity])
        #expect(second.authorityProven)
        let last = try await fixture.engine.addProof(try await passkey.approval(txHash: txHash, signCount: 1), toTransaction: txHash)
        #expect(last.executed?.results == [.addKey(try passkey.identity), .addKey(login)])
        #expect(try await fixture.nonce("alice") == 1)
        #expect(try await fixture.engine.pendingTransaction(txHash: txHash) == nil)
    }

    @Test("kept proofs expire with their transaction: a late proof finds nothing, and a new submission starts over")
    func expiry() async throws {
        let setup = try await Self.setUp(pendingLifetime: 3_600)
        defer { setup.fixture.removeFiles() }
        let engine = setup.fixture.engine
        let kept = try #require(try await engine.submit(setup.args).awaiting)
        #expect(abs(kept.expiresAt.timeIntervalSince(setup.fixture.clock.now()) - 3_600) < 30)

        // Within the lifetime (an hour) the transaction and its authority proof are there.
        setup.fixture.clock.advance(by: 3_500)
        #expect(try await engine.awaitedProofs(txHash: setup.txHash)?.authorityProven == true)

        // After it, they are gone: the late consent finds no transaction, and nothing executes.
        setup.fixture.clock.advance(by: 200)
        #expect(try await engine.pendingTransaction(txHash: setup.txHash) == nil)
        #expect(try await engine.awaitedProofs(txHash: setup.txHash) == nil)
        #expect(await EngineError.code { try await engine.addProof(setup.consent, toTransaction: setup.txHash) } == "transaction_not_found")
        #expect(try await setup.fixture.nonce("alice") == 0)

        // Prepared again, it holds none of the old proofs: the consent alone does not execute it.
        let again = try await engine.prepare(setup.args.transaction)
        #expect(again.proofs.isEmpty)
        #expect(abs(again.expiresAt.timeIntervalSince(setup.fixture.clock.now()) - 3_600) < 30)
        let consented = try #require(try await engine.addProof(setup.consent, toTransaction: setup.txHash).awaiting)
        #expect(!consented.authorityProven)
        #expect(consented.missing.isEmpty)

        // A consent kept, then expired, is not counted for the authority that comes later.
        setup.fixture.clock.advance(by: 3_700)
        let fresh = try #require(try await engine.submit(setup.args).awaiting)
        #expect(fresh.missing == [try setup.added.identity])
        #expect(try await engine.addProof(setup.consent, toTransaction: setup.txHash).executed?.nonce == 1)
        try await Self.expectExecutedOnce(setup)
    }

    @Test("50 concurrent submissions of the last missing proof: the transaction executes exactly once")
    func fiftyRacingConsents() async throws {
        let setup = try await Self.setUp()
        defer { setup.fixture.removeFiles() }
        let engine = setup.fixture.engine
        #expect(try await engine.submit(setup.args).awaiting?.missing == [try setup.added.identity])

        let consent = setup.consent
        let txHash = setup.txHash
        let outcomes = await withTaskGroup(of: String.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    do {
                        switch try await engine.addProof(consent, toTransaction: txHash) {
                        case .executed: return "executed"
                        case .awaitingProofs: return "awaiting_proofs"
                        case .signing: return "signing"
                        }
                    } catch let error as EngineError {
                        return error.code
                    } catch {
                        return "\(error)"
                    }
                }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == "executed" }.count == 1, "\(outcomes)")
        let others = Set(outcomes.filter { $0 != "executed" })
        #expect(others.isSubset(of: ["nonce_mismatch", "transaction_executed"]), "\(outcomes)")
        try await Self.expectExecutedOnce(setup)
    }
}
