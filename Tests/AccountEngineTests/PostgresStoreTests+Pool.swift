import AccountEngine
import ChainmailTestSupport
import ErrorCodes
import Foundation
import PostgresStore
import Testing

/// The store's connection pool, seen from the server: how many sessions it opens, what becomes of
/// a connection whose call timed out, and what `close()` leaves behind.
extension PostgresStoreTests {
    @Test("sixty calls at once on a pool of three open at most three sessions, which stay open for the next calls")
    func poolBound() async throws {
        let (peer, database, store) = try await Self.freshStore(poolSize: 3)
        let sessions = try await Self.sessionsAfterReads(60, on: store, peer, database)
        #expect(try await store.sessionSetting("synchronous_commit") == "on")
        #expect(try await Self.storeSessions(peer, database) == sessions)
        await store.close()
    }

    @Test("a call whose time runs out while the server holds it closes its connection: with a pool of one, the next call is served at once")
    func timedOutCallFreesItsConnection() async throws {
        let peer = try await PostgresPeer.shared()
        let database = try await peer.makeDatabase()
        // The schema first, with time to spare on a busy machine; then the store under test.
        await (try await PostgresAccountStore(configuration: try database.storeConfiguration(timeout: .seconds(60)))).close()
        let store = try await PostgresAccountStore(configuration: try database.storeConfiguration(poolSize: 1, timeout: .seconds(5)))
        #expect(try await store.account(id: "nobody") == nil)
        // Another session holds the accounts table for up to a minute: a read of an account waits.
        let holder = Task {
            try await peer.psql("BEGIN; LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60); COMMIT", database: database.name)
        }
        defer { holder.cancel() }
        let locked = try await eventually(timeout: .seconds(30)) {
            try await peer.psql(
                "SELECT count(*) FROM pg_locks WHERE relation = 'accounts'::regclass AND mode = 'AccessExclusiveLock' AND granted",
                database: database.name
            ).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
        }
        try #require(locked)
        let refused = await #expect(throws: EngineError.self) { try await store.account(id: "nobody") }
        #expect(refused?.errorCode == .storeUnavailable)
        // The lock is still held: the only connection was closed, and a fresh one serves this call
        // (had the pool kept the waiting one, this call would wait for it and time out too).
        #expect(try await store.sessionSetting("synchronous_commit") == "on")
        _ = try await peer.psql(
            "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'psql' AND datname = '\(database.name)' AND pid <> pg_backend_pid()",
            database: database.name
        )
        #expect(try await store.account(id: "nobody") == nil)
        await store.close()
    }

    @Test("calls cancelled at random and sessions ended by the server leave the pool whole: at most its size open, and the next calls served")
    func poolSurvivesCancellationsAndTerminations() async throws {
        let (peer, database, store) = try await Self.freshStore(poolSize: 3)
        for _ in 0..<3 {
            let calls = (0..<90).map { index in
                Task { _ = try? await store.account(id: "nobody-\(index)") }
            }
            for (index, call) in calls.enumerated() where index % 3 == 0 { call.cancel() }
            _ = try await peer.psql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'chainmail' AND datname = '\(database.name)'"
            )
            for call in calls { await call.value }
        }
        // Every call above ended (none waits for a connection that never comes). Sessions the
        // server ended are forgotten as they close, and calls open fresh ones.
        let served = await eventually(timeout: .seconds(30)) {
            do {
                _ = try await store.account(id: "nobody")
                return true
            } catch {
                return false
            }
        }
        #expect(served)
        _ = try await Self.sessionsAfterReads(30, on: store, peer, database)
        await store.close()
    }

    @Test("close() ends the store's sessions on the server, and calls after it fail with store_unavailable")
    func closeEndsSessions() async throws {
        let (peer, database, store) = try await Self.freshStore(poolSize: 2)
        #expect(try await store.account(id: "nobody") == nil)
        #expect(try await Self.storeSessions(peer, database) >= 1)
        await store.close()
        let ended = try await eventually(timeout: .seconds(30)) { try await Self.storeSessions(peer, database) == 0 }
        #expect(ended)
        let refused = await #expect(throws: EngineError.self) { try await store.account(id: "nobody") }
        #expect(refused?.errorCode == .storeUnavailable)
    }

    /// The store's sessions on `database` after `count` reads of missing accounts at once, each
    /// answered (nil), checked to be at least one and at most the pool size of these tests, three.
    static func sessionsAfterReads(
        _ count: Int,
        on store: PostgresAccountStore,
        _ peer: PostgresPeer,
        _ database: PostgresPeer.Database
    ) async throws -> Int {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask {
                    let account = try await store.account(id: "missing-\(index)")
                    #expect(account == nil)
                }
            }
            try await group.waitForAll()
        }
        let sessions = try await storeSessions(peer, database)
        #expect((1...3).contains(sessions), "\(sessions) sessions")
        return sessions
    }

    /// A store with a pool of `poolSize` on a fresh database of the test cluster.
    static func freshStore(poolSize: Int) async throws -> (PostgresPeer, PostgresPeer.Database, PostgresAccountStore) {
        let peer = try await PostgresPeer.shared()
        let database = try await peer.makeDatabase()
        let store = try await PostgresAccountStore(configuration: try database.storeConfiguration(poolSize: poolSize, timeout: .seconds(60)))
        return (peer, database, store)
    }

    /// The sessions the store (application_name chainmail) has open on `database`.
    static func storeSessions(_ peer: PostgresPeer, _ database: PostgresPeer.Database) async throws -> Int {
        let count = try await peer.psql(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'chainmail' AND datname = '\(database.name)'"
        )
        return Int(count.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
}
