import AccountEngine
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// One leased connection, for the queries of one store call.
struct PostgresSession: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs `query` and reads every row it answers.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try checkOpen()
        return try await connection.query(query, logger: logger).collect()
    }

    /// Runs `statement`, prepared on this connection the first time it runs there, and reads every
    /// row it answers.
    func rows<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> [Statement.Row] {
        try checkOpen()
        var rows: [Statement.Row] = []
        for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
        return rows
    }

    /// Refuses a query on a closed connection (a call past its deadline closes its connection, and
    /// a transaction then still sends ROLLBACK): postgres-nio would write it to the closed channel,
    /// whose failure it drops, and wait for its answer for ever.
    private func checkOpen() throws {
        guard !connection.isClosed else { throw EngineError.storeUnavailable("PostgreSQL: the connection was closed") }
    }

    /// Whether `query` answers at least one row.
    func exists(_ query: PostgresQuery) async throws -> Bool {
        try await !rows(query).isEmpty
    }
}

/// How a store transaction ends: its writes kept, or undone (a refusal found part way, such as a
/// proof state change that no longer holds, leaves nothing behind).
enum TransactionEnd<Value: Sendable>: Sendable {
    case commit(Value)
    case rollback(Value)
}

extension PostgresAccountStore {
    /// `body` on one leased connection, within the configured time-out (or `timeout`, for a call
    /// known to take longer, such as `SQLiteImport`'s copy). A failure that is not the store's own
    /// refusal (an `EngineError`) is `store_unavailable`.
    @discardableResult
    func withSession<Value: Sendable>(
        timeout: Duration? = nil,
        _ body: @escaping @Sendable (PostgresSession) async throws -> Value
    ) async throws -> Value {
        let pool = self.pool
        let logger = self.logger
        return try await withTimeout(timeout) {
            try await pool.withConnection { connection in
                try await body(PostgresSession(connection: connection, logger: logger))
            }
        }
    }

    /// `body` in one transaction (BEGIN … COMMIT on one connection), rolled back when it throws or
    /// asks to. READ COMMITTED: each statement sees what committed before it started, and the
    /// statements that must be serialised take row or advisory locks.
    @discardableResult
    func transaction<Value: Sendable>(
        timeout: Duration? = nil,
        _ body: @escaping @Sendable (PostgresSession) async throws -> TransactionEnd<Value>
    ) async throws -> Value {
        try await withSession(timeout: timeout) { session in
            try await session.rows("BEGIN")
            let end: TransactionEnd<Value>
            do {
                end = try await body(session)
            } catch {
                // A connection that failed is closed by the pool; a rollback on it fails too.
                _ = try? await session.rows("ROLLBACK")
                throw error
            }
            switch end {
            case .commit(let value):
                try await session.rows("COMMIT")
                return value
            case .rollback(let value):
                try await session.rows("ROLLBACK")
                return value
            }
        }
    }

    /// `operation`, or `store_unavailable` once `configuration.operationTimeout` has passed: the
    /// pool waits for a server that is down far longer than a request should, and a query on a
    /// connection whose peer vanished without a word may never end. The operation is cancelled
    /// then, and not waited for. The message names what the pool's last connection attempt
    /// meanwhile failed with (a server certificate that does not verify, a login refused).
    func withTimeout<Value: Sendable>(
        _ timeout: Duration? = nil,
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let timeout = timeout ?? configuration.operationTimeout
        let start = ContinuousClock.now
        guard let result = await answered(by: start + timeout, watchedBy: deadlines, operation) else {
            if Task.isCancelled { throw Self.storeError(CancellationError()) }
            let failure = pool.failure(since: start).map { ": the last connection attempt failed: \($0)" } ?? ""
            throw EngineError.storeUnavailable("PostgreSQL did not answer within \(timeout)\(failure)")
        }
        do {
            return try result.get()
        } catch {
            throw Self.storeError(error)
        }
    }

    /// The store's own refusals as they are; any other failure as `store_unavailable`, with what
    /// PostgreSQL or the connection said (never the query's values).
    static func storeError(_ error: any Error) -> EngineError {
        if let error = error as? EngineError { return error }
        if let error = error as? PSQLError {
            var parts = ["\(error.code)"]
            if let state = error.serverInfo?[.sqlState] { parts.append("SQLSTATE \(state)") }
            if let message = error.serverInfo?[.message] { parts.append(message) }
            if let underlying = error.underlying { parts.append("\(underlying)") }
            return .storeUnavailable("PostgreSQL: \(parts.joined(separator: ": "))")
        }
        return .storeUnavailable("PostgreSQL: \(error)")
    }
}
