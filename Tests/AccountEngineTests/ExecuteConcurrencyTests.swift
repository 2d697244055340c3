import AccountEngine
import ChainmailTestSupport
import ErrorCodes
import Foundation
import Testing

@Suite("execute under concurrency and replay")
struct ExecuteConcurrencyTests {
    @Test(
        "50 concurrent executions of the same nonce: exactly one succeeds, the others get nonce_mismatch, nonce is +1",
        arguments: TestStore.allCases
    )
    func sameNonceRace(_ kind: TestStore) async throws {
        let fixture = try await StoreFixture.make(kind)
        defer { fixture.removeFiles() }
        let wallet = try await PeerWallet.make()
        _ = try await fixture.engine.createAccount(id: "racer", identity: try wallet.identity)
        let args = try await wallet.executeArgs(TransactionText.make("racer", nonce: 0, [TransactionText.callChainSig()]))

        let engine = fixture.engine
        let outcomes = await concurrentOutcomes(of: args, count: 50, on: [engine])
        #expect(outcomes.count == 50)
        #expect(outcomes.filter { $0 == "executed" }.count == 1)
        #expect(outcomes.filter { $0 == "nonce_mismatch" }.count == 49)
        #expect(try await fixture.store.account(id: "racer")?.nonce == 1)
    }

    @Test("replaying an executed ExecuteArgs is refused with nonce_mismatch and changes nothing", arguments: TestStore.allCases)
    func replay(_ kind: TestStore) async throws {
        let fixture = try await StoreFixture.make(kind)
        defer { fixture.removeFiles() }
        let wallet = try await PeerWallet.make()
        _ = try await fixture.engine.createAccount(id: "alice", identity: try wallet.identity)
        let args = try await wallet.executeArgs(TransactionText.make("alice", nonce: 0, [TransactionText.callChainSig()]))
        _ = try await fixture.engine.execute(args)
        let before = try await fixture.storedAccountText("alice")
        let error = await #expect(throws: EngineError.self) { try await fixture.engine.execute(args) }
        #expect(error?.code == "nonce_mismatch")
        #expect(error?.category == .conflict)
        #expect(try await fixture.storedAccountText("alice") == before)
    }
}
