import Foundation
import GRDB

/// Worker leases for the embedded store. One process at a time uses a SQLite file (serve holds
/// the instance lock), so there is no other instance to take a worker over: the leases live in a
/// TEMP table of the writer connection, gone with the process, which keeps them from several
/// leaderships of one process (each worker run once) and lets a restarted process take them at
/// once, whatever an earlier one held. Their times come from the system's uptime clock, which
/// steps of the wall clock do not move.
extension SQLiteAccountStore: WorkerLeaseStore {
    public func acquireLease(_ name: String, holder: String, for duration: Duration) async throws -> WorkerLease? {
        try await database.write { db in
            try Self.makeLeaseTable(db)
            let now = Self.leaseClock()
            var generation: Int64 = 1
            if let current = try Row.fetchOne(db, sql: "SELECT generation, expires_at FROM temp.worker_leases WHERE name = ?", arguments: [name]) {
                let expiresAt: Double = current["expires_at"]
                guard expiresAt <= now else { return nil }
                let previous: Int64 = current["generation"]
                generation = previous + 1
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO temp.worker_leases (name, holder, generation, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [name, holder, generation, now + Self.seconds(duration)]
            )
            return WorkerLease(name: name, holder: holder, generation: generation)
        }
    }

    public func renewLease(_ lease: WorkerLease, for duration: Duration) async throws -> Bool {
        try await database.write { db in
            try Self.makeLeaseTable(db)
            let now = Self.leaseClock()
            try db.execute(
                sql: "UPDATE temp.worker_leases SET expires_at = ? WHERE name = ? AND holder = ? AND generation = ? AND expires_at > ?",
                arguments: [now + Self.seconds(duration), lease.name, lease.holder, lease.generation, now]
            )
            return db.changesCount > 0
        }
    }

    public func releaseLease(_ lease: WorkerLease) async throws {
        try await database.write { db in
            try Self.makeLeaseTable(db)
            let now = Self.leaseClock()
            try db.execute(
                sql: "UPDATE temp.worker_leases SET expires_at = ? WHERE name = ? AND holder = ? AND generation = ? AND expires_at > ?",
                arguments: [now, lease.name, lease.holder, lease.generation, now]
            )
        }
    }

    private static func makeLeaseTable(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TEMP TABLE IF NOT EXISTS worker_leases (
                    name TEXT PRIMARY KEY,
                    holder TEXT NOT NULL,
                    generation INTEGER NOT NULL,
                    expires_at REAL NOT NULL
                )
                """
        )
    }

    /// Seconds since the system started (monotonic).
    private static func leaseClock() -> Double {
        ProcessInfo.processInfo.systemUptime
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
