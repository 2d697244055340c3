import AccountEngine
import ChainTransactions
import ChainmailTestSupport
import Foundation
import Testing

/// The `AccountStore`, proof state, OIDC key and broadcast protocols called directly, each test
/// against both stores: what the engine relies on beyond what its own suites reach.
@Suite("store contract: each store keeps the same state with the same refusals")
struct StoreContractTests {
    private static let identity = try! AuthIdentity(.pubKey("evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4"))
    private static let now = Date(timeIntervalSince1970: 1_790_000_000.25)

    private func commit(
        _ accountId: String,
        nonce: UInt64,
        txHash: String,
        change: AccountCommit.Change = .keepIdentities([StoreContractTests.identity]),
        proofState: [ProofStateChange] = []
    ) -> AccountCommit {
        AccountCommit(
            accountId: accountId,
            expectedNonce: nonce,
            change: change,
            txHash: txHash,
            resultJSON: #"{"txHash":"\#(txHash)"}"#,
            executedAt: Self.now,
            proofStateChanges: proofState
        )
    }

    /// alice's transaction "kept" with one proof, kept for a minute.
    private static func kept(_ identity: AuthIdentity, _ role: KeptProof.Role) -> ProofsToKeep {
        ProofsToKeep(
            txHash: "kept",
            accountId: "alice",
            transactionJSON: #"{"a":1}"#,
            expiresAt: now.addingTimeInterval(60),
            proofs: [KeptProof(identity: identity, role: role, authTarget: nil, evidenceJSON: "{}", recordedAt: now)],
            proofStateChanges: [],
            now: now
        )
    }

    @Test("commit is a compare-and-set on the nonce: a stale or missing account writes nothing", arguments: TestStore.allCases)
    func commitCompareAndSet(_ kind: TestStore) async throws {
        let fixture = try await StoreFixture.make(kind)
        defer { fixture.removeFiles() }
        let store = fixture.store
        _ = try await store.createAccount(id: "alice", identity: Self.identity)
        #expect(try await store.commit(commit("alice", nonce: 0, txHash: "t0")) == .committed)
        #expect(try await store.commit(commit("alice", nonce: 0, txHash: "t0b")) == .nonceConflict(currentNonce: 1))
        #expect(try await store.commit(commit("nobody", nonce: 0, txHash: "t0c")) == .nonceConflict(currentNonce: nil))
        #expect(try await store.executedTransaction(txHash: "t0b") == nil)
        let executed = try await store.executedTransaction(txHash: "t0")
        #expect(executed == ExecutedTransaction(txHash: "t0", accountId: "alice", nonce: 0, resultJSON: #"{"txHash":"t0"}"#, executedAt: Self.now))
        #expect(try await store.transactionRecord(txHash: "t0")?.status == .executed)
        #expect(try await store.account(id: "alice")?.nonce == 1)
    }

    @Test("a passkey counter and a DKIM signature are consumed once: the second commit is refused whole", arguments: TestStore.allCases)
    func proofStateConsumedOnce(_ kind: TestStore) async throws {
        let fixture = try await StoreFixture.make(kind)
        defer { fixture.removeFiles() }
        let store = fixture.store
        _ = try await store.createAccount(id: "alice", identity: Self.identity)
        _ = try await store.createAccount(id: "bob", identity: Self.identity)
        let counter = ProofStateChange.webAuthnSignCount(credential: "passkey-1", count: 7)
        let email = ProofStateChange.emailSignature("b-value", txHash: "t1", redeliveryKey: "INBOX/1")
        #expect(try await store.commit(commit("alice", nonce: 0, txHash: "t1", proofState: [counter, email])) == .committed)
        #expect(try await store.webAuthnSignCount(credential: "passkey-1") == 7)
        #expect(try await store.acceptedEmail(dkimSignature: "b-value") == AcceptedEmail(txHash: "t1", redeliveryKey: "INBOX/1"))

        // The same counter on another account: refused, and bob's nonce stays.
        let regressed = try await store.commit(commit("bob", nonce: 0, txHash: "t2", proofState: [counter]))
        #expect(regressed == .proofStateConflict(.webAuthnCounterRegressed(stored: 7, presented: 7)))
        // A new counter with a used DKIM signature: refused whole, the counter does not move.
        let higher = ProofStateChange.webAuthnSignCount(credential: "passkey-1", count: 9)
        let replayed = try await store.commit(commit("bob", nonce: 0, txHash: "t3", proofState: [higher, email]))
        #expect(replayed == .proofStateConflict(.emailReplayed))
        #expect(try await store.webAuthnSignCount(credential: "passkey-1") == 7)
        #expect(try await store.account(id: "bob")?.nonce == 0)
        #expect(try await store.transactionRecord(txHash: "t3") == nil)
        #expect(try await store.commit(commit("bob", nonce: 0, txHash: "t4", proofState: [higher])) == .committed)
        #expect(try await store.webAuthnSignCount(credential: "passkey-1") == 9)
    }

    @Test("proofs are kept with their transaction, older first, until it executes; then it is never kept again", arguments: TestStore.allCases)
    func keptProofs(_ kind: TestStore) async throws {
        let fixture = try await StoreFixture.make(kind)
        defer { fixture.removeFiles() }
        let store = fixture.store
        _ = try await store.createAccount(id: "alice", identity: Self.identity)
        let other = try AuthIdentity(.account("carol.testnet"))
        func proofs(_ identity: AuthIdentity, _ role: KeptProof.Role) -> ProofsToKeep { Self.kept(identity, role) }
        guard case .kept(let first) = try await store.keep(proofs(Self.identity, .authority)) else {
            Issue.record("not kept")
            return
        }
        #expect(first.proofs.map(\.role) == [.authority])
        guard case .kept(let second) = try await store.keep(proofs(other, .consent)) else {
            Issue.record("not kept")
            return
        }
        #expect(second.proofs.map(\.identity) == [Self.identity, other])
        #expect(try await store.pendingTransaction(txHash: "kept", now: Self.now) == second)
        #expect(try await store.pendingTransaction(txHash: "kept", now: Self.now.addingTimeInterval(61)) == nil)

        var executed = commit("alice", nonce: 0, txHash: "kept")
        executed.clearsPending = true
        executed.consentedIdentities = [other]
        #expect(try await store.commit(executed) == .committed)
        #expect(try await store.pendingTransaction(txHash: "kept", now: Self.now) == nil)
        await #expect(throws: EngineError.transactionExecuted) { try await store.keep(proofs(other, .consent)) }
    }

    @Test(
        "a commit with nothing but its record clears its kept copy only when it commits; a deleted account's nonce refuses it",
        arguments: TestStore.allCases
    )
    func plainCommitClearsItsKeptCopy(_ kind: TestStore) async throws {
        let fixture = try await StoreFixture.make(kind)
        defer { fixture.removeFiles() }
        let store = fixture.store
        _ = try await store.createAccount(id: "alice", identity: Self.identity)
        guard case .kept = try await store.keep(Self.kept(Self.identity, .authority)) else {
            Issue.record("not kept")
            return
        }
        var stale = commit("alice", nonce: 1, txHash: "kept")
        stale.clearsPending = true
        #expect(try await store.commit(stale) == .nonceConflict(currentNonce: 0))
        #expect(try await store.pendingTransaction(txHash: "kept", now: Self.now) != nil)
        #expect(try await store.transactionRecord(txHash: "kept") == nil)

        var executed = commit("alice", nonce: 0, txHash: "kept")
        executed.clearsPending = true
        executed.transactionJSON = #"{"a":1}"#
        #expect(try await store.commit(executed) == .committed)
        #expect(try await store.pendingTransaction(txHash: "kept", now: Self.now) == nil)
        #expect(try await store.transactionRecord(txHash: "kept")?.status == .executed)

        // Deleted, the account keeps its nonce row: a commit at that nonce finds no account.
        #expect(try await store.commit(commit("alice", nonce: 1, txHash: "gone", change: .deleteAccount)) == .committed)
        #expect(try await store.commit(commit("alice", nonce: 2, txHash: "after")) == .nonceConflict(currentNonce: nil))
        #expect(try await store.transactionRecord(txHash: "after") == nil)
    }

    @Test("OIDC keys: saved by kid, a fetched set replaces its source's keys, removal says whether one was there", arguments: TestStore.allCases)
    func oidcKeys(_ kind: TestStore) async throws {
        let fixture = try await StoreFixture.make(kind)
        defer { fixture.removeFiles() }
        let store = fixture.store
        func key(_ kid: String, _ issuer: String = "https://b.example", _ source: OIDCKeySource = .jwksURL) -> StoredOIDCKey {
            StoredOIDCKey(issuer: issuer, kid: kid, jwk: #"{"kid":"\#(kid)"}"#, source: source, recordedAt: Self.now)
        }
        try await store.saveOIDCKeys([key("k2"), key("K1")], issuer: "https://b.example", source: .jwksURL, replacingSource: true)
        try await store.saveOIDCKeys(
            [key("op", "https://b.example", .operatorImport)],
            issuer: "https://b.example",
            source: .operatorImport,
            replacingSource: false
        )
        try await store.saveOIDCKeys([key("a", "https://a.example")], issuer: "https://a.example", source: .jwksURL, replacingSource: true)
        // Ordered byte by byte, as SQLite orders text: upper case first.
        #expect(try await store.oidcKeys(issuer: "https://b.example").map(\.kid) == ["K1", "k2", "op"])
        #expect(try await store.oidcKeys(issuer: "https://b.example").first == key("K1"))
        #expect(try await store.oidcKeyIssuers() == ["https://a.example", "https://b.example"])

        try await store.saveOIDCKeys([key("k3")], issuer: "https://b.example", source: .jwksURL, replacingSource: true)
        #expect(try await store.oidcKeys(issuer: "https://b.example").map(\.kid) == ["k3", "op"])
        #expect(try await store.removeOIDCKey(issuer: "https://b.example", kid: "op"))
        #expect(try await store.removeOIDCKey(issuer: "https://b.example", kid: "op") == false)
    }

    @Test("broadcasts are recorded with the execution, leased once, updated, and released", arguments: TestStore.allCases)
    func broadcasts(_ kind: TestStore) async throws {
        let fixture = try await StoreFixture.make(kind)
        defer { fixture.removeFiles() }
        let store = fixture.store
        _ = try await store.createAccount(id: "alice", identity: Self.identity)
        var executed = commit("alice", nonce: 0, txHash: "chain")
        executed.broadcasts = (0..<3).map { index in
            Broadcast(
                txHash: "chain",
                actionIndex: index,
                chainId: 31337,
                signedTransaction: [0x02, UInt8(index), 0xff],
                transactionHash: "0x0\(index)",
                recordedAt: Self.now
            )
        }
        #expect(try await store.commit(executed) == .committed)
        #expect(try await store.broadcasts(txHash: "chain") == executed.broadcasts)

        // Leased into the future, past the real clock that `releaseBroadcastLeases` reads.
        let leaseUntil = Date().addingTimeInterval(3600)
        let claimed = try await store.claimBroadcasts(now: Self.now, leaseUntil: leaseUntil, limit: 2)
        #expect(claimed.map(\.actionIndex) == [0, 1])
        let rest = try await store.claimBroadcasts(now: Self.now, leaseUntil: leaseUntil, limit: 5)
        #expect(rest.map(\.actionIndex) == [2])
        #expect(try await store.claimBroadcasts(now: Self.now, leaseUntil: leaseUntil, limit: 5).isEmpty)

        var confirmed = claimed[0]
        confirmed.status = .confirmed
        confirmed.blockNumber = 12
        try await store.updateBroadcast(confirmed, nextAttemptAt: Self.now)
        var retried = claimed[1]
        retried.status = .submitted
        retried.attempts = 1
        retried.error = "node down"
        try await store.updateBroadcast(retried, nextAttemptAt: Self.now.addingTimeInterval(1))
        #expect(try await store.broadcasts(txHash: "chain") == [confirmed, retried, rest[0]])

        // A final broadcast is never due again; a released lease is due at once.
        try await store.releaseBroadcastLeases()
        let due = try await store.claimBroadcasts(now: Date(), leaseUntil: Date().addingTimeInterval(30), limit: 5)
        #expect(due.map(\.actionIndex) == [1, 2])
    }

    @Test(
        "the root public key is recorded once: the first instance's key is kept, a later or another instance's different key is answered the recorded one",
        arguments: TestStore.allCases
    )
    func rootPublicKeyRecordedOnce(kind: TestStore) async throws {
        let fixture = try await StoreFixture.make(kind)
        defer { fixture.removeFiles() }
        let first = [UInt8](repeating: 0x02, count: 33)
        let second = [UInt8](repeating: 0x03, count: 33)
        #expect(try await fixture.store.recordRootPublicKey(first) == first)
        #expect(try await fixture.store.recordRootPublicKey(first) == first)
        #expect(try await fixture.store.recordRootPublicKey(second) == first)
        let another = try await fixture.openAnother()
        #expect(try await another.recordRootPublicKey(second) == first, "another instance on the same data sees the recorded key")
    }

    @Test("instances recording different root public keys at once all answer the one that won", arguments: TestStore.allCases)
    func rootPublicKeyRace(kind: TestStore) async throws {
        let fixture = try await StoreFixture.make(kind)
        defer { fixture.removeFiles() }
        var stores = [fixture.store]
        for _ in 0..<3 { stores.append(try await fixture.openAnother()) }
        let answers = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask { try await store.recordRootPublicKey([UInt8](repeating: UInt8(index + 1), count: 33)) }
            }
            return try await group.reduce(into: [[UInt8]]()) { $0.append($1) }
        }
        #expect(Set(answers).count == 1, "\(answers)")
    }
}
