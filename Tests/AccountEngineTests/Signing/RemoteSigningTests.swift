import AccountEngine
import ChainSigner
import ChainmailTestSupport
import ErrorCodes
import Foundation
import Synchronization
import Testing

/// PROTOCOL.md section 6: with a remote signer the nonce is committed and the transaction
/// recorded as `signing` before any request leaves; its end is recorded after; a failure for a
/// while is retried by the signing worker (after a restart too), a refusal for good ends `failed`.
@Suite("remote signer: nonce first, then signature; signing, executed, failed")
struct RemoteSigningTests {
    /// An engine on `fixture`'s store with `signer` in place of the local one.
    private func engine(_ fixture: StoreFixture, _ signer: any Signer, wait: Duration = .seconds(30)) -> AccountEngine {
        AccountEngine(store: fixture.store, signer: signer, signingWait: wait)
    }

    /// A fresh engine fixture on a store of `kind` with `accountId` held by an EVM wallet, and that
    /// wallet's ExecuteArgs of one CallChainSig at nonce 0.
    private func prepared(_ kind: TestStore, _ accountId: String) async throws -> (StoreFixture, PeerWallet, ExecuteArgs) {
        let fixture = try await StoreFixture.make(kind)
        let wallet = try await PeerWallet.make()
        _ = try await fixture.engine.createAccount(id: accountId, identity: try wallet.identity)
        let args = try await wallet.executeArgs(TransactionText.make(accountId, nonce: 0, [TransactionText.callChainSig()]))
        return (fixture, wallet, args)
    }

    private func record(_ engine: AccountEngine, _ txHash: String) async throws -> TransactionRecord.Status? {
        try await engine.transactionRecord(txHash: txHash)?.status
    }

    @Test(
        "the signer is asked only once the nonce is committed and the transaction recorded as signing; then it is executed",
        arguments: TestStore.allCases
    )
    func nonceBeforeSignature(_ kind: TestStore) async throws {
        let (fixture, wallet, args) = try await prepared(kind, "alice")
        defer { fixture.removeFiles() }
        let store = fixture.store
        let seen = Mutex<[String]>([])
        let signer = ScriptedRemoteSigner(fixture.signer) { _ in
            let status = try? await store.transactionRecord(txHash: args.transaction.txHashHex)?.status.rawValue
            let nonce = try? await store.account(id: "alice")?.nonce
            seen.withLock { $0.append("\(status ?? "none") \(nonce.map(String.init) ?? "-")") }
        }
        let engine = engine(fixture, signer)

        guard case .executed(let result) = try await engine.submit(args) else {
            Issue.record("not executed")
            return
        }
        #expect(seen.withLock { $0 } == ["signing 1"])
        #expect(result.nonce == 1)
        let stored = try await engine.transactionRecord(txHash: result.txHash)
        #expect(stored?.status == .executed)
        #expect(stored?.resultJSON == result.json.compactText)
        let local = try await fixture.signer.sign(
            payload: [UInt8](hex: TransactionText.payload)!,
            derivationPath: "\(try wallet.identity.path),ethereum,1"
        )
        guard case .callChainSig(let signature) = result.results.first else {
            Issue.record("no signature")
            return
        }
        #expect(signature.signature == local.signature)
    }

    @Test("50 concurrent executions of one nonce through a remote signer: one is committed and only it is ever signed", arguments: TestStore.allCases)
    func oneNonceOneRequest(_ kind: TestStore) async throws {
        let (fixture, _, args) = try await prepared(kind, "racer")
        defer { fixture.removeFiles() }
        let signer = ScriptedRemoteSigner(fixture.signer, latency: .milliseconds(200))
        let engine = engine(fixture, signer)
        let outcomes = await withTaskGroup(of: String.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    do {
                        if case .executed = try await engine.submit(args) { return "executed" }
                        return "other"
                    } catch let error as EngineError {
                        return error.code
                    } catch {
                        return "\(error)"
                    }
                }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == "executed" }.count == 1)
        #expect(outcomes.filter { $0 == "nonce_mismatch" }.count == 49)
        #expect(signer.requests == 1)
    }

    @Test("past the wait it answers signing; the attempt goes on and the transaction ends executed", arguments: TestStore.allCases)
    func answersSigningPastTheWait(_ kind: TestStore) async throws {
        let (fixture, _, args) = try await prepared(kind, "slow")
        defer { fixture.removeFiles() }
        let engine = engine(fixture, ScriptedRemoteSigner(fixture.signer, latency: .seconds(1)), wait: .milliseconds(100))

        let outcome = try await engine.submit(args)
        #expect(outcome == .signing(SigningInProgress(txHash: args.transaction.txHashHex, accountId: "slow")))
        #expect(try await record(engine, args.transaction.txHashHex) == .signing)
        #expect(try await fixture.store.account(id: "slow")?.nonce == 1)
        #expect(try await eventually(timeout: .seconds(20)) { try await record(engine, args.transaction.txHashHex) == .executed })
    }

    @Test("a failure for a while leaves it signing; the signing worker tries again and completes it", arguments: TestStore.allCases)
    func workerRetriesTemporaryFailure(_ kind: TestStore) async throws {
        let (fixture, _, args) = try await prepared(kind, "bob")
        defer { fixture.removeFiles() }
        let signer = ScriptedRemoteSigner(fixture.signer, failures: [.temporary, .temporary])
        let engine = engine(fixture, signer)

        #expect(try await engine.submit(args) == .signing(SigningInProgress(txHash: args.transaction.txHashHex, accountId: "bob")))
        let worker = Task { await engine.runSigningWorker(interval: .milliseconds(200)) }
        defer { worker.cancel() }
        #expect(try await eventually(timeout: .seconds(30)) { try await record(engine, args.transaction.txHashHex) == .executed })
        #expect(signer.requests == 3)
    }

    @Test("a refusal for good ends it failed with its reason; the nonce stays used and the signer is not asked again", arguments: TestStore.allCases)
    func permanentFailure(_ kind: TestStore) async throws {
        let (fixture, _, args) = try await prepared(kind, "carol")
        defer { fixture.removeFiles() }
        let signer = ScriptedRemoteSigner(fixture.signer, failures: [.permanent])
        let engine = engine(fixture, signer)

        let error = await #expect(throws: EngineError.self) { try await engine.submit(args) }
        #expect(error?.errorCode == .signerInvalidResponse)
        let stored = try await engine.transactionRecord(txHash: args.transaction.txHashHex)
        #expect(stored?.status == .failed)
        #expect(stored?.error?.errorCode == .signerInvalidResponse)
        #expect(try await fixture.store.account(id: "carol")?.nonce == 1)
        let worker = Task { await engine.runSigningWorker(interval: .milliseconds(100)) }
        try await Task.sleep(for: .seconds(1))
        worker.cancel()
        #expect(signer.requests == 1)
        let replay = await #expect(throws: EngineError.self) { try await engine.submit(args) }
        #expect(replay?.code == "nonce_mismatch")
    }

    @Test("a transaction left signing by a process that stopped is completed by the next process's worker, once", arguments: TestStore.allCases)
    func completedAfterRestart(_ kind: TestStore) async throws {
        let (fixture, _, args) = try await prepared(kind, "dave")
        defer { fixture.removeFiles() }
        // The first process commits and its request never ends (it is "killed" with the task).
        let stuck = ScriptedRemoteSigner(fixture.signer, latency: .seconds(3600))
        let first = engine(fixture, stuck, wait: .zero)
        #expect(try await first.submit(args) == .signing(SigningInProgress(txHash: args.transaction.txHashHex, accountId: "dave")))

        let restartedStore = try await fixture.openAnother()
        let signer = ScriptedRemoteSigner(fixture.signer)
        let second = AccountEngine(store: restartedStore, signer: signer)
        let worker = Task { await second.runSigningWorker(interval: .milliseconds(200)) }
        defer { worker.cancel() }
        #expect(try await eventually(timeout: .seconds(20)) { try await record(second, args.transaction.txHashHex) == .executed })
        try await Task.sleep(for: .seconds(1))
        #expect(signer.requests == 1)
    }
}
