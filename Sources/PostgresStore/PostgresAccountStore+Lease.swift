import AccountEngine
import Foundation
import PostgresNIO

/// Worker leases in a table, `worker_leases`, one row per name, its times from the server's clock
/// (`now()`): the instances' clocks never enter, so skew between them does not matter. Each call
/// is one statement (its own transaction), atomic under the row's lock: of two instances asking
/// for a free name at once, the second waits for the first's row and then finds it taken.
///
/// A table rather than a session-held `pg_advisory_lock`: a pooled connection is not tied to one
/// caller, and an advisory lock lives as long as the server sees its session, which for a
/// half-open connection (the instance's host gone without a word) lasts until the server's TCP
/// keepalive gives up, by default over two hours. A grant's expiry bounds the takeover however
/// the holder vanished.
///
/// The table is made the first time a call finds it missing (`CREATE TABLE IF NOT EXISTS` under an
/// advisory lock, so instances doing it at once do not collide): it belongs in a schema migration.
extension PostgresAccountStore: WorkerLeaseStore {
    public func acquireLease(_ name: String, holder: String, for duration: Duration) async throws -> WorkerLease? {
        let seconds = Self.seconds(duration)
        return try await withLeaseTable { session in
            try await session.rows(
                """
                INSERT INTO worker_leases AS l (name, holder, generation, expires_at)
                VALUES (\(name), \(holder), 1, now() + make_interval(secs => \(seconds)))
                ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, generation = l.generation + 1, expires_at = EXCLUDED.expires_at
                WHERE l.expires_at <= now()
                RETURNING generation
                """
            ).first.map { WorkerLease(name: name, holder: holder, generation: try $0.decode(Int64.self)) }
        }
    }

    public func renewLease(_ lease: WorkerLease, for duration: Duration) async throws -> Bool {
        let seconds = Self.seconds(duration)
        return try await withLeaseTable { session in
            try await session.exists(
                """
                UPDATE worker_leases SET expires_at = now() + make_interval(secs => \(seconds))
                WHERE name = \(lease.name) AND holder = \(lease.holder) AND generation = \(lease.generation) AND expires_at > now()
                RETURNING generation
                """
            )
        }
    }

    public func releaseLease(_ lease: WorkerLease) async throws {
        try await withLeaseTable { session in
            try await session.rows(
                """
                UPDATE worker_leases SET expires_at = now()
                WHERE name = \(lease.name) AND holder = \(lease.holder) AND generation = \(lease.generation) AND expires_at > now()
                """
            )
        }
    }

    /// The running grant of `name` and the seconds left of it by the server's clock, if any (tests).
    package func leaseHolder(_ name: String) async throws -> (lease: WorkerLease, secondsLeft: Double)? {
        try await withLeaseTable { session in
            try await session.rows(
                """
                SELECT holder, generation, EXTRACT(EPOCH FROM expires_at - now())::float8 FROM worker_leases
                WHERE name = \(name) AND expires_at > now()
                """
            ).first.map { row in
                let (holder, generation, left) = try row.decode((String, Int64, Double).self)
                return (WorkerLease(name: name, holder: holder, generation: generation), left)
            }
        }
    }

    /// The advisory lock under which the lease table is made ("chainlea" in ASCII).
    static let leaseTableLock: Int64 = 0x6368_6169_6e6c_6561

    /// `body` in a session, again once after making the lease table if it was missing.
    @discardableResult
    private func withLeaseTable<Value: Sendable>(_ body: @escaping @Sendable (PostgresSession) async throws -> Value) async throws -> Value {
        try await withSession { session in
            do {
                return try await body(session)
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42P01" {
                // undefined_table
                try await session.rows("BEGIN")
                do {
                    try await session.rows("SELECT pg_advisory_xact_lock(\(Self.leaseTableLock))")
                    try await session.rows(
                        """
                        CREATE TABLE IF NOT EXISTS worker_leases (
                            name TEXT COLLATE "C" PRIMARY KEY,
                            holder TEXT NOT NULL,
                            generation BIGINT NOT NULL CHECK (generation > 0),
                            expires_at TIMESTAMPTZ NOT NULL
                        )
                        """
                    )
                    try await session.rows("COMMIT")
                } catch {
                    _ = try? await session.rows("ROLLBACK")
                    throw error
                }
                return try await body(session)
            }
        }
    }

    /// `duration` in seconds, to the microsecond PostgreSQL keeps.
    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds / 1_000_000_000_000) / 1_000_000
    }
}
