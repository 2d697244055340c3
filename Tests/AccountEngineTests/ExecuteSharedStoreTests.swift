import AccountEngine
import ChainSigner
import ChainmailTestSupport
import Foundation
import Testing

/// Two engines on one store (one SQLite file, or one PostgreSQL database), as two chainmail
/// processes would be: a store may answer `execute`'s account read from what its own commits left
/// behind (SQLite's does), so one of them goes stale.
@Suite("Execute with a store shared between processes")
struct ExecuteSharedStoreTests {
    @Test("a stale cached account never refuses a correct nonce, and never lets a used nonce through", arguments: TestStore.allCases)
    func staleCacheIsHarmless(_ kind: TestStore) async throws {
        let fixture = try await StoreFixture.make(kind)
        defer { fixture.removeFiles() }
        let otherStore = try await fixture.openAnother()
        let otherEngine = AccountEngine(store: otherStore, signer: fixture.signer)
        let wallet = try await PeerWallet.make()
        _ = try await fixture.engine.createAccount(id: "shared", identity: try wallet.identity)
        let args = try await wallet.executeArgs((0..<3).map { TransactionText.make("shared", nonce: $0, [TransactionText.callChainSig()]) })

        // This process executes nonce 0 and remembers the account at nonce 1.
        _ = try await fixture.engine.execute(args[0])
        // The other process executes nonce 1 and remembers nonce 2; this one still remembers nonce 1.
        _ = try await otherEngine.execute(args[1])

        // Nonce 2 here: the remembered account would refuse it; the fresh read lets it through.
        let result = try await fixture.engine.execute(args[2])
        #expect(result.nonce == 3)

        // Nonce 2 in the other process, whose memory agrees with it: the commit's compare-and-set refuses it.
        await #expect(throws: EngineError.nonceRaced) { try await otherEngine.execute(args[2]) }
        #expect(try await otherStore.account(id: "shared")?.nonce == 3)
    }
}
