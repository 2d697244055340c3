import AccountEngine
import ChainSigner
import ChainmailTestSupport
import Foundation
import Testing

@Suite("WebAuthn sign counters, stored with the execution")
struct WebAuthnCounterTests {
    static func execute(
        _ fixture: AuthFixture,
        _ passkey: PeerPasskey,
        account: String,
        nonce: UInt64,
        signCount: UInt32,
        actions: [String]? = nil
    )
        async throws -> ExecuteResult
    {
        let transaction = try SignedTransaction(jsonText: TransactionText.make(account, nonce: nonce, actions ?? [TransactionText.callChainSig()]))
        let assertion = try await passkey.assert(.init(txHash: transaction.txHashHex, signCount: signCount))
        return try await fixture.engine.execute(
            ExecuteArgs(transaction: transaction, authIdentity: try passkey.identity, message: "", evidence: .messageSignature(assertion))
        )
    }

    static func code(_ body: () async throws -> ExecuteResult) async -> String? {
        await EngineError.code(of: body)
    }

    @Test(
        "a counter must rise: equal, lower and zero-after-counting are refused with webauthn_counter_regressed; nothing changes",
        arguments: TestStore.allCases
    )
    func regression(_ kind: TestStore) async throws {
        let fixture = try await AuthFixture.make(kind)
        defer { fixture.removeFiles() }
        let passkey = try await PeerPasskey.make()
        _ = try await fixture.engine.createAccount(id: "pk", identity: try passkey.identity)
        // 1.1: counters are kept per public key (the match key), whichever keyId presents it.
        let credential = try passkey.identity.matchKey

        _ = try await Self.execute(fixture, passkey, account: "pk", nonce: 0, signCount: 5)
        #expect(try await fixture.store.webAuthnSignCount(credential: credential) == 5)

        for replayed: UInt32 in [5, 4, 0] {
            #expect(
                await Self.code { try await Self.execute(fixture, passkey, account: "pk", nonce: 1, signCount: replayed) }
                    == "webauthn_counter_regressed"
            )
        }
        #expect(try await fixture.store.account(id: "pk")?.nonce == 1)
        #expect(try await fixture.store.webAuthnSignCount(credential: credential) == 5)

        _ = try await Self.execute(fixture, passkey, account: "pk", nonce: 1, signCount: 6)
        #expect(try await fixture.store.webAuthnSignCount(credential: credential) == 6)
    }

    @Test("an authenticator that does not count (always 0) is accepted each time, and nothing is stored", arguments: TestStore.allCases)
    func nonCounting(_ kind: TestStore) async throws {
        let fixture = try await AuthFixture.make(kind)
        defer { fixture.removeFiles() }
        let passkey = try await PeerPasskey.make()
        _ = try await fixture.engine.createAccount(id: "synced", identity: try passkey.identity)
        for nonce: UInt64 in 0..<3 {
            _ = try await Self.execute(fixture, passkey, account: "synced", nonce: nonce, signCount: 0)
        }
        #expect(try await fixture.store.webAuthnSignCount(credential: try passkey.identity.matchKey) == nil)
    }

    @Test("a refused execution does not advance the counter: the counter commits with the nonce or not at all", arguments: TestStore.allCases)
    func atomicWithExecution(_ kind: TestStore) async throws {
        let fixture = try await AuthFixture.make(kind)
        defer { fixture.removeFiles() }
        let passkey = try await PeerPasskey.make()
        let stranger = try await PeerPasskey.make()
        _ = try await fixture.engine.createAccount(id: "pk", identity: try passkey.identity)
        _ = try await Self.execute(fixture, passkey, account: "pk", nonce: 0, signCount: 5)

        // Proof valid (counter 50), but the action is refused: the counter must stay at 5.
        let refused = await Self.code {
            try await Self.execute(
                fixture,
                passkey,
                account: "pk",
                nonce: 1,
                signCount: 50,
                actions: [TransactionText.removeKey(try stranger.identity)]
            )
        }
        #expect(refused == "identity_not_present")
        #expect(try await fixture.store.webAuthnSignCount(credential: try passkey.identity.matchKey) == 5)
        _ = try await Self.execute(fixture, passkey, account: "pk", nonce: 1, signCount: 7)
    }

    @Test("two executions racing with the same counter on two accounts: exactly one commits", arguments: TestStore.allCases)
    func racingCounters(_ kind: TestStore) async throws {
        let fixture = try await AuthFixture.make(kind)
        defer { fixture.removeFiles() }
        let passkey = try await PeerPasskey.make()
        _ = try await fixture.engine.createAccount(id: "first", identity: try passkey.identity)
        _ = try await fixture.engine.createAccount(id: "second", identity: try passkey.identity)
        let transactions = try ["first", "second"].map {
            try SignedTransaction(jsonText: TransactionText.make($0, nonce: 0, [TransactionText.callChainSig()]))
        }
        let assertions = try await passkey.assert(transactions.map { .init(txHash: $0.txHashHex, signCount: 9) })
        let identity = try passkey.identity
        let engine = fixture.engine
        let outcomes = await withTaskGroup(of: String?.self) { group in
            for (transaction, assertion) in zip(transactions, assertions) {
                group.addTask {
                    await EngineError.code {
                        try await engine.execute(
                            ExecuteArgs(transaction: transaction, authIdentity: identity, message: "", evidence: .messageSignature(assertion))
                        )
                    }
                }
            }
            var codes: [String?] = []
            for await code in group { codes.append(code) }
            return codes
        }
        #expect(outcomes.filter { $0 == nil }.count == 1)
        #expect(outcomes.filter { $0 == "webauthn_counter_regressed" }.count == 1)
        let nonces = [try await fixture.store.account(id: "first")?.nonce, try await fixture.store.account(id: "second")?.nonce]
        #expect(nonces.compactMap { $0 }.reduce(0, +) == 1)
    }

    @Test("the counter survives a restart: a new engine on the same store still refuses the old counter", arguments: TestStore.allCases)
    func persisted(_ kind: TestStore) async throws {
        let fixture = try await AuthFixture.make(kind)
        defer { fixture.removeFiles() }
        let passkey = try await PeerPasskey.make()
        _ = try await fixture.engine.createAccount(id: "pk", identity: try passkey.identity)
        _ = try await Self.execute(fixture, passkey, account: "pk", nonce: 0, signCount: 11)
        let restarted = try await fixture.reopen()
        #expect(
            await Self.code { try await Self.execute(restarted, passkey, account: "pk", nonce: 1, signCount: 11) } == "webauthn_counter_regressed"
        )
    }
}
