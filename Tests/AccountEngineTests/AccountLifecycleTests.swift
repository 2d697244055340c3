import AccountEngine
import ChainmailTestSupport
import ErrorCodes
import Foundation
import Testing

@Suite("accounts: creation, lookup by identity, deletion and nonces that are never reused")
struct AccountLifecycleTests {
    @Test("DeleteAccount, then re-creating the id: the nonce continues and the old transaction stays refused", arguments: TestStore.allCases)
    func deleteAndRecreate(_ kind: TestStore) async throws {
        let fixture = try await StoreFixture.make(kind)
        defer { fixture.removeFiles() }
        let wallet = try await PeerWallet.make()
        let identity = try wallet.identity
        _ = try await fixture.engine.createAccount(id: "erin", identity: identity)
        let first = try await wallet.executeArgs(TransactionText.make("erin", nonce: 0, [TransactionText.callChainSig()]))
        _ = try await fixture.engine.execute(first)
        let delete = try await wallet.executeArgs(TransactionText.make("erin", nonce: 1, [TransactionText.deleteAccount]))
        let deleted = try await fixture.engine.execute(delete)
        #expect(deleted.nonce == 2)
        #expect(deleted.results == [.deleteAccount])
        #expect(try await fixture.store.account(id: "erin") == nil)
        #expect(try await fixture.engine.accounts(holding: identity).isEmpty)
        let gone = await #expect(throws: EngineError.self) { try await fixture.engine.account(id: "erin") }
        #expect(gone?.code == "account_not_found")

        let recreated = try await fixture.engine.createAccount(id: "erin", identity: identity)
        #expect(recreated.nonce == 2)
        for old in [first, delete] {
            let error = await #expect(throws: EngineError.self) { try await fixture.engine.execute(old) }
            #expect(error?.code == "nonce_mismatch")
        }
        let next = try await wallet.executeArgs(TransactionText.make("erin", nonce: 2, [TransactionText.callChainSig()]))
        #expect(try await fixture.engine.execute(next).nonce == 3)
    }

    @Test("creating an existing id is refused with account_exists; bad ids with invalid_account_id", arguments: TestStore.allCases)
    func createRefusals(_ kind: TestStore) async throws {
        let fixture = try await StoreFixture.make(kind)
        defer { fixture.removeFiles() }
        let identity = try AuthIdentity(.pubKey("evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4"))
        let created = try await fixture.engine.createAccount(id: "alice", identity: identity)
        #expect(
            created.json.compactText
                == #"{"accountId":"alice","nonce":0,"authIdentities":[{"type":"PubKey","value":"evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4"}]}"#
        )
        let other = try AuthIdentity(.account("carol.testnet"))
        let exists = await #expect(throws: EngineError.self) { try await fixture.engine.createAccount(id: "alice", identity: other) }
        #expect(exists?.code == "account_exists")
        #expect(exists?.category == .conflict)
        #expect(try await fixture.engine.account(id: "alice") == created)
        for bad in ["Alice", "", "-a", ".a", "a b", String(repeating: "a", count: 65), "ä"] {
            let error = await #expect(throws: EngineError.self) { try await fixture.engine.createAccount(id: bad, identity: identity) }
            #expect(error?.code == "invalid_account_id")
        }
        _ = try await fixture.engine.createAccount(id: String(repeating: "a", count: 64), identity: identity)
    }

    @Test("an identity may sit on many accounts; lookup by identity finds them all through the index", arguments: TestStore.allCases)
    func lookupByIdentity(_ kind: TestStore) async throws {
        let fixture = try await StoreFixture.make(kind)
        defer { fixture.removeFiles() }
        let shared = try AuthIdentity(.oidc(issuer: "https://issuer.chainmail.test", clientId: "c", email: "team@example.com"))
        let alone = try AuthIdentity(.account("carol.testnet"))
        _ = try await fixture.engine.createAccount(id: "b-account", identity: shared)
        _ = try await fixture.engine.createAccount(id: "a-account", identity: shared)
        _ = try await fixture.engine.createAccount(id: "c-account", identity: alone)
        let mixedCase = try AuthIdentity(.oidc(issuer: "https://issuer.chainmail.test", clientId: "c", email: "TEAM@example.com "))
        #expect(try await fixture.engine.accounts(holding: mixedCase).map(\.accountId) == ["a-account", "b-account"])
        #expect(try await fixture.engine.accounts(holding: alone).map(\.accountId) == ["c-account"])
        let (plan, indexUse) = try await fixture.identityLookupPlan()
        // 1.1: identities are looked up by match key (a WebAuthn identity by its public key alone).
        #expect(plan.contains(indexUse), "plan: \(plan)")
    }

    @Test("the store survives reopening: accounts, nonces and executed transactions persist", arguments: TestStore.allCases)
    func reopen(_ kind: TestStore) async throws {
        let fixture = try await StoreFixture.make(kind)
        defer { fixture.removeFiles() }
        let wallet = try await PeerWallet.make()
        _ = try await fixture.engine.createAccount(id: "alice", identity: try wallet.identity)
        let result = try await fixture.engine.execute(
            try await wallet.executeArgs(TransactionText.make("alice", nonce: 0, [TransactionText.callChainSig()]))
        )
        let reopened = try await fixture.openAnother()
        #expect(try await reopened.account(id: "alice")?.nonce == 1)
        #expect(try await reopened.executedTransaction(txHash: result.txHash)?.resultJSON == result.json.compactText)
    }
}
