import AccountEngine
import ByteEncoding
import ChainSigner
import ChainTransactions
import ChainmailTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// PROTOCOL.md section 8.4 against a real EVM (eth-tester on py-evm, scripts/peers/evm_chain.py):
/// what an execution signs on a chain with a node is sent once its execution is recorded, kept
/// through a node that is down and through a restart, refused for good with the node's message,
/// followed to confirmed or reverted, and never sent as a second transaction.
@Suite("broadcaster: signed EVM transactions sent to a real node")
struct BroadcasterTests {
    static let recipient = "0x000000000000000000000000000000000000bEEF"

    /// Collects the ends the broadcaster reports; fails the first `failures` times it is told.
    final class Ends: BroadcastObserver {
        struct Refused: Error {}
        let seen = Mutex<[Broadcast]>([])
        let failures: Mutex<Int>
        init(failures: Int = 0) { self.failures = Mutex(failures) }
        func broadcastEnded(_ broadcast: Broadcast) async throws {
            seen.withLock { $0.append(broadcast) }
            let fails = failures.withLock { failures in
                defer { failures -= 1 }
                return failures > 0
            }
            if fails { throw Refused() }
        }
    }

    /// An account held by an EVM wallet, its derived address funded at the chain's genesis, an
    /// engine on a store of `kind` whose chain 31337 has the node's rpcURL, and `body` run with them.
    private func withChain(
        _ kind: TestStore = .sqlite,
        tokens: [EVMChainPeer.Token] = [],
        _ body: (StoreFixture, AccountEngine, PeerWallet, String, EVMChainPeer) async throws -> Void
    ) async throws {
        let fixture = try await StoreFixture.make(kind)
        defer { fixture.removeFiles() }
        let wallet = try await PeerWallet.make()
        let from = try await fixture.engine.derive(identity: try wallet.identity, path: "ethereum,1").evmAddress
        try await EVMChainPeer.withPeer(funding: [from: nil], tokens: tokens) { peer in
            let chain = EVMChain(chainId: 31337, name: "Local", symbol: "ETH", decimals: 18, rpcURL: peer.url, explorerURL: nil)
            let engine = AccountEngine(store: fixture.store, signer: fixture.signer, chains: ChainRegistry(evm: [chain], tokens: []))
            _ = try await engine.createAccount(id: "alice", identity: try wallet.identity)
            try await body(fixture, engine, wallet, from, peer)
        }
    }

    private func broadcaster(_ store: any BroadcastStore, _ engine: AccountEngine, _ ends: Ends = Ends()) -> Broadcaster {
        var settings = BroadcasterSettings()
        settings.maximumRetrySeconds = 1
        settings.leaseSeconds = 1
        return Broadcaster(
            store: store,
            chains: engine.chains,
            httpClient: .shared,
            observers: [ends],
            settings: settings,
            logger: Logger(label: "test")
        )
    }

    /// Runs the broadcaster's passes until every broadcast of `txHash` is final (or 60 s).
    private func drain(_ broadcaster: Broadcaster, _ engine: AccountEngine, _ txHash: String) async throws -> [Broadcast] {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            await broadcaster.runDue()
            let broadcasts = try await engine.broadcasts(txHash: txHash)
            if !broadcasts.isEmpty, broadcasts.allSatisfy(\.status.isFinal) { return broadcasts }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await engine.broadcasts(txHash: txHash)
    }

    private func execute(_ engine: AccountEngine, _ wallet: PeerWallet, _ action: String, nonce: UInt64 = 0) async throws -> ExecuteResult {
        try await engine.execute(try await wallet.executeArgs(TransactionText.make("alice", nonce: nonce, [action])))
    }

    private func sends(_ peer: EVMChainPeer) async throws -> (calls: Int, distinct: Int) {
        let stats = try await peer.stats()
        return ((stats["sendRawTransaction"] as? Int) ?? -1, (stats["distinctTransactions"] as? Int) ?? -1)
    }

    @Test(
        "a transfer is sent once its execution is recorded and followed to confirmed; the recipient gets exactly the amount",
        arguments: TestStore.allCases
    )
    func confirmed(_ kind: TestStore) async throws {
        try await withChain(kind) { fixture, engine, wallet, from, peer in
            let ends = Ends()
            let result = try await execute(
                engine,
                wallet,
                TransactionText.evmTransaction(from: from, to: Self.recipient, value: "1234567", chainId: 31337)
            )
            let broadcasts = try await drain(broadcaster(fixture.store, engine, ends), engine, result.txHash)
            #expect(broadcasts.map(\.status) == [.confirmed])
            #expect(broadcasts.first?.blockNumber != nil)
            #expect(try await peer.balance(Self.recipient) == "1234567")
            #expect(try await sends(peer).distinct == 1)
            #expect(ends.seen.withLock { $0.map(\.status) } == [.confirmed])
        }
    }

    @Test("an observer that fails to record the end (a reply not queued) leaves the broadcast open; it is told again, then the end is written")
    func observerFailure() async throws {
        try await withChain { fixture, engine, wallet, from, peer in
            let ends = Ends(failures: 1)
            let result = try await execute(engine, wallet, TransactionText.evmTransaction(from: from, to: Self.recipient, value: "3", chainId: 31337))
            let broadcaster = broadcaster(fixture.store, engine, ends)
            let broadcasts = try await drain(broadcaster, engine, result.txHash)
            #expect(broadcasts.map(\.status) == [.confirmed])
            #expect(ends.seen.withLock { $0.map(\.status) } == [.confirmed, .confirmed], "told again after its failure")
            #expect(try await sends(peer).distinct == 1)
        }
    }

    @Test("the node down during the execution: the transaction is sent once it is back, as the one signed transaction")
    func nodeDown() async throws {
        try await withChain { fixture, engine, wallet, from, peer in
            try await peer.setDown(seconds: 120, mode: "close")
            let result = try await execute(engine, wallet, TransactionText.evmTransaction(from: from, to: Self.recipient, value: "5", chainId: 31337))
            let broadcaster = broadcaster(fixture.store, engine)
            await broadcaster.runDue()
            let whileDown = try await engine.broadcasts(txHash: result.txHash)
            #expect(whileDown.map(\.status) == [.pending])
            #expect(whileDown.first?.attempts == 1)
            #expect(whileDown.first?.error != nil, "the transport error is kept")
            try await peer.setDown(seconds: 0)
            let broadcasts = try await drain(broadcaster, engine, result.txHash)
            #expect(broadcasts.map(\.status) == [.confirmed])
            #expect(try await sends(peer).distinct == 1)
            #expect(try await peer.balance(Self.recipient) == "5")
        }
    }

    @Test("a node that refuses the transaction for good: failed with the node's message, never retried")
    func refused() async throws {
        try await withChain { fixture, engine, wallet, from, peer in
            let message = "insufficient funds for gas * price + value: balance 0, tx cost 21000"
            try await peer.rejectNext(message)
            let ends = Ends()
            let result = try await execute(engine, wallet, TransactionText.evmTransaction(from: from, to: Self.recipient, value: "5", chainId: 31337))
            let broadcasts = try await drain(broadcaster(fixture.store, engine, ends), engine, result.txHash)
            #expect(broadcasts.map(\.status) == [.failed])
            #expect(broadcasts.first?.error == message)
            #expect(ends.seen.withLock { $0.map(\.status) } == [.failed])
            #expect(try await sends(peer).calls == 1, "not sent again")
            #expect(try await engine.transactionRecord(txHash: result.txHash)?.status == .executed, "the execution stands")
        }
    }

    @Test("a transaction that reverts on the chain is reported reverted, with its block")
    func reverted() async throws {
        let tokens: [EVMChainPeer.Token] = [.init(symbol: "TST", decimals: 6, supply: "1000", holder: EVMChainPeer.bob.address)]
        try await withChain(tokens: tokens) { fixture, engine, wallet, from, peer in
            let token = try #require(peer.tokens["TST"])
            // `from` holds none of the token: the transfer reverts.
            let data = EVMChainPeer.transferCalldata(to: Self.recipient, amount: 10)
            let action = TransactionText.evmTransaction(from: from, to: token, value: "0", data: data, chainId: 31337, gasLimit: 100_000)
            let result = try await execute(engine, wallet, action)
            let broadcasts = try await drain(broadcaster(fixture.store, engine), engine, result.txHash)
            #expect(broadcasts.map(\.status) == [.reverted])
            #expect(broadcasts.first?.blockNumber != nil)
            #expect(try await peer.tokenBalance(token, of: Self.recipient) == "0")
        }
    }

    @Test("a restart between the execution and the sending: the new process sends it, once", arguments: TestStore.allCases)
    func restartBeforeSending(_ kind: TestStore) async throws {
        try await withChain(kind) { fixture, engine, wallet, from, peer in
            let result = try await execute(engine, wallet, TransactionText.evmTransaction(from: from, to: Self.recipient, value: "7", chainId: 31337))
            // The process stops before any broadcaster ran; another opens the same store.
            let reopened = try await fixture.openAnother()
            let restarted = AccountEngine(store: reopened, signer: fixture.signer, chains: engine.chains)
            let broadcasts = try await drain(broadcaster(reopened, restarted), restarted, result.txHash)
            #expect(broadcasts.map(\.status) == [.confirmed])
            let (calls, distinct) = try await sends(peer)
            #expect(calls == 1)
            #expect(distinct == 1)
            #expect(try await peer.balance(Self.recipient) == "7")
        }
    }

    @Test("sent just before a crash, its state not written: sent again as the same transaction, which the node already has")
    func sentBeforeCrash() async throws {
        try await withChain { fixture, engine, wallet, from, peer in
            let result = try await execute(engine, wallet, TransactionText.evmTransaction(from: from, to: Self.recipient, value: "9", chainId: 31337))
            let recorded = try #require(try await engine.broadcasts(txHash: result.txHash).first)
            _ = try await peer.result("eth_sendRawTransaction", ["0x" + recorded.signedTransaction.hexString])
            let broadcasts = try await drain(broadcaster(fixture.store, engine), engine, result.txHash)
            #expect(broadcasts.map(\.status) == [.confirmed])
            let (calls, distinct) = try await sends(peer)
            #expect(calls == 2)
            #expect(distinct == 1, "one transaction, one nonce")
            #expect(try await peer.balance(Self.recipient) == "9")
        }
    }
}
