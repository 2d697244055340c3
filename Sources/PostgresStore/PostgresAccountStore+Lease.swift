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
/// The table is schema version 3 (`PostgresAccountStore+Schema`).
extension PostgresAccountStore: WorkerLeaseStore {
    public func acquireLease(_ name: String, holder: String, for duration: Duration) async throws -> WorkerLease? {
        let seconds = Self.seconds(duration)
        return try await withSession { session in
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
        return try await withSession { session in
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
        try await withSession { session in
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
        try await withSession { session in
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

    /// `duration` in seconds, to the microsecond PostgreSQL keeps.
    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds / 1_000_000_000_000) / 1_000_000
    }
}
