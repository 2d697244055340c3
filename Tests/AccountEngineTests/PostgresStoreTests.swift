import AccountEngine
import ChainSigner
import ChainmailTestSupport
import ErrorCodes
import Foundation
import PostgresStore
import Synchronization
import Testing

/// What only the PostgreSQL store has to show: several instances on one database (migrations,
/// the nonce compare-and-set, what one sees of another's commits), its durability setting, its
/// configuration, and a server that goes away and comes back (scripts/peers/postgres.sh).
@Suite("PostgreSQL store: instances sharing one database, migrations, outages")
struct PostgresStoreTests {
    @Test("four instances opening a fresh database at once migrate it once, under the lock, and all work")
    func concurrentMigrations() async throws {
        let location = try await StoreLocation.make(.postgres)
        defer { location.removeFiles() }
        let stores = try await withThrowingTaskGroup(of: (any AnyAccountStore).self) { group in
            for _ in 0..<4 { group.addTask { try await location.open() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(stores.count == 4)
        for (index, store) in stores.enumerated() {
            _ = try await store.createAccount(id: "account-\(index)", identity: try AuthIdentity(.account("carol.testnet")))
        }
        let postgres = try #require(stores.first as? PostgresAccountStore)
        #expect(try await postgres.appliedMigrations() == [1, 2, 3, 4])
        #expect(try await postgres.accounts(holding: try AuthIdentity(.account("carol.testnet"))).count == 4)
    }

    @Test("50 concurrent executions of one nonce spread over three instances: exactly one succeeds, and all three see it at once")
    func sameNonceOverThreeInstances() async throws {
        let fixture = try await StoreFixture.make(.postgres)
        defer { fixture.removeFiles() }
        var engines = [fixture.engine]
        for _ in 0..<2 { engines.append(AccountEngine(store: try await fixture.openAnother(), signer: fixture.signer)) }
        let wallet = try await PeerWallet.make()
        _ = try await engines[1].createAccount(id: "racer", identity: try wallet.identity)
        // Every instance has read the account at nonce 0 before the race.
        for engine in engines { #expect(try await engine.accountForExecution(id: "racer").nonce == 0) }
        let args = try await wallet.executeArgs(TransactionText.make("racer", nonce: 0, [TransactionText.callChainSig()]))

        let outcomes = await concurrentOutcomes(of: args, count: 50, on: engines)
        #expect(outcomes.filter { $0 == "executed" }.count == 1)
        #expect(outcomes.filter { $0 == "nonce_mismatch" }.count == 49, "\(Set(outcomes))")
        for engine in engines {
            #expect(try await engine.store.account(id: "racer")?.nonce == 1)
            #expect(try await engine.store.executedTransaction(txHash: args.transaction.txHashHex)?.nonce == 0)
        }

        // The next nonce on another instance than the one that executed: visible to the others at once.
        let next = try await wallet.executeArgs(TransactionText.make("racer", nonce: 1, [TransactionText.callChainSig()]))
        let result = try await engines[2].execute(next)
        for engine in engines {
            #expect(try await engine.store.account(id: "racer")?.nonce == 2)
            #expect(try await engine.store.transactionRecord(txHash: result.txHash)?.status == .executed)
        }
    }

    @Test("every session commits synchronously (synchronous_commit = on) and is kept alive by the server's TCP keepalives")
    func sessionSettings() async throws {
        let location = try await StoreLocation.make(.postgres)
        defer { location.removeFiles() }
        let store = try #require(try await location.open() as? PostgresAccountStore)
        #expect(try await store.sessionSetting("synchronous_commit") == "on")
        #expect(try await store.sessionSetting("tcp_keepalives_idle") == "30")
        #expect(try await store.sessionSetting("tcp_keepalives_interval") == "10")
        #expect(try await store.sessionSetting("tcp_keepalives_count") == "3")
    }

    @Test("a URL that is not postgres://USER@HOST:PORT/DATABASE, or holds a password, is invalid_configuration")
    func invalidURLs() async throws {
        for url in [
            "mysql://u@127.0.0.1/db", "postgres://127.0.0.1/db", "postgres://u@127.0.0.1", "postgres://u:secret@127.0.0.1/db",
            "postgres://u@127.0.0.1/db?sslmode=disable",
        ] {
            let error = await #expect(throws: EngineError.self, "\(url)") {
                try await PostgresAccountStore(configuration: .init(url: url, tls: .disable))
            }
            #expect(error?.errorCode == .invalidConfiguration, "\(url)")
        }
        let endpoint = try PostgresAccountStore.Configuration(url: "postgresql://chain%20mail@db.example:6543/accounts").endpoint()
        #expect([endpoint.user, endpoint.host, "\(endpoint.port)", endpoint.database] == ["chain mail", "db.example", "6543", "accounts"])
    }

    @Test("the server restarted under load: executions during the outage get store_unavailable, none is half-applied, service resumes")
    func restartUnderLoad() async throws {
        let peer = try await PostgresPeer.start()
        do {
            try await restartUnderLoad(peer)
        } catch {
            await peer.cleanUp()
            throw error
        }
        await peer.cleanUp()
    }

    /// How many calls met store_unavailable so far, across the tasks of a test.
    final class Refusals: Sendable {
        private let count = Mutex(0)
        var value: Int { count.withLock { $0 } }
        func add() { count.withLock { $0 += 1 } }
    }

    private func restartUnderLoad(_ peer: PostgresPeer) async throws {
        let database = try await peer.makeDatabase()
        // The instance under load gives up on the database after 5 s; set-up and checks go through
        // another with time to spare on a loaded machine. The checker opens first, so the schema's
        // migrations run within its time-out, not the loaded instance's.
        let checker = try await PostgresAccountStore(configuration: try database.storeConfiguration(timeout: .seconds(60)))
        let store = try await PostgresAccountStore(configuration: try database.storeConfiguration(timeout: .seconds(5)))
        let engine = AccountEngine(store: store, signer: try LocalSigner(dataDirectory: peer.directory.path, predecessor: "chainmail.testnet"))
        let wallet = try await PeerWallet.make()
        let accounts = (0..<4).map { "loaded-\($0)" }
        let perAccount = 12
        var signed: [String: [ExecuteArgs]] = [:]
        for account in accounts {
            _ = try await checker.createAccount(id: account, identity: try wallet.identity)
            signed[account] = try await wallet.executeArgs(
                (0..<perAccount).map { TransactionText.make(account, nonce: UInt64($0), [TransactionText.callChainSig()]) }
            )
        }
        let args = signed
        let refusals = Refusals()

        // Each account executes its transactions in order, again after store_unavailable; a
        // nonce_mismatch after an outage means the attempt before it committed (its answer was lost).
        let deadline = ContinuousClock.now + .seconds(150)
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for account in accounts {
                    group.addTask {
                        var next = 0
                        while next < perAccount, ContinuousClock.now < deadline {
                            do {
                                _ = try await engine.execute(args[account]![next])
                                next += 1
                                try? await Task.sleep(for: .milliseconds(100))
                            } catch {
                                switch (error as? EngineError)?.errorCode {
                                case .nonceMismatch:
                                    next += 1
                                case .storeUnavailable:
                                    refusals.add()
                                    try? await Task.sleep(for: .milliseconds(200))
                                default:
                                    try? await Task.sleep(for: .milliseconds(200))
                                }
                            }
                        }
                    }
                }
            }
        }
        try await Task.sleep(for: .milliseconds(600))
        await peer.stop()
        // Down until requests have been refused (at most the time-out after the stop).
        #expect(await eventually(timeout: .seconds(60), every: .milliseconds(100)) { refusals.value > 0 })
        try await peer.restart()
        await load.value

        // Each account went on to its last nonce by itself, every nonce with its transaction.
        for account in accounts {
            #expect(try await checker.account(id: account)?.nonce == UInt64(perAccount), "\(account)")
            for transaction in args[account]! {
                #expect(try await checker.executedTransaction(txHash: transaction.transaction.txHashHex) != nil)
            }
        }
    }

    @Test("the server stopped mid-use: calls fail with store_unavailable and apply nothing; started again, the same store works")
    func outageAndRecovery() async throws {
        let peer = try await PostgresPeer.start()
        do {
            try await outageAndRecovery(peer)
        } catch {
            await peer.cleanUp()
            throw error
        }
        await peer.cleanUp()
    }

    private func outageAndRecovery(_ peer: PostgresPeer) async throws {
        let database = try await peer.makeDatabase()
        let store = try await PostgresAccountStore(configuration: try database.storeConfiguration(timeout: .seconds(8)))
        let signer = try LocalSigner(dataDirectory: peer.directory.path, predecessor: "chainmail.testnet")
        let engine = AccountEngine(store: store, signer: signer)
        let wallet = try await PeerWallet.make()
        _ = try await engine.createAccount(id: "alice", identity: try wallet.identity)
        let first = try await wallet.executeArgs(TransactionText.make("alice", nonce: 0, [TransactionText.callChainSig()]))
        _ = try await engine.execute(first)

        await peer.stop()
        let during = try await wallet.executeArgs(TransactionText.make("alice", nonce: 1, [TransactionText.callChainSig()]))
        let refused = await #expect(throws: EngineError.self) { try await engine.execute(during) }
        #expect(refused?.errorCode == .storeUnavailable)
        #expect(refused?.category == .unavailable)
        let read = await #expect(throws: EngineError.self) { try await store.account(id: "alice") }
        #expect(read?.errorCode == .storeUnavailable)

        try await peer.restart()
        // The pool reconnects by itself (its back-off is short after a short outage).
        #expect(try await eventually(timeout: .seconds(60)) { (try? await store.account(id: "alice")) != nil })
        #expect(try await store.account(id: "alice")?.nonce == 1)
        #expect(try await store.transactionRecord(txHash: during.transaction.txHashHex) == nil)
        #expect(try await engine.execute(during).nonce == 2)
    }
}
