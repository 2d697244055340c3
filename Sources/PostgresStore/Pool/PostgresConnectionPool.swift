import NIOCore
import PostgresNIO
import Synchronization

/// The store's connections to PostgreSQL: at most `size` open at once, each serving one call at a
/// time, opened when a call finds none idle and kept open while they work.
///
/// Where postgres-nio's `PostgresClient` starts timers on every return of a connection (its idle
/// time-out and keep-alive: a few tasks each, cancelled at the next lease), a lease here is a lock
/// and a return another; idle connections are kept alive by the server's TCP keepalives (see
/// `Configuration.connectionConfiguration`). A call cancelled while its connection works (its
/// deadline passed: the peer may have vanished) closes that connection, so the pool opens a fresh
/// one rather than keep a connection whose state is unknown. Failed attempts to connect are
/// retried, spaced out, while calls wait; the last failure is kept to be named by a call that
/// times out.
final class PostgresConnectionPool: Sendable {
    typealias Connect = @Sendable (_ id: Int) async throws -> PostgresConnection

    private let size: Int
    private let connect: Connect
    private let state = Mutex(State())

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<PostgresConnection, any Error>
    }

    private struct State {
        var idle: [PostgresConnection] = []
        /// The ids of the connections open (idle or leased).
        var open: Set<Int> = []
        /// Attempts to connect in flight.
        var connecting = 0
        var waiters: [Waiter] = []
        var nextId = 0
        var nextWaiter: UInt64 = 0
        /// Failed attempts in a row, spacing out the next.
        var failures = 0
        var lastFailure: (at: ContinuousClock.Instant, error: String)?
        var closed = false

        var count: Int { open.count + connecting }
    }

    init(size: Int, connect: @escaping Connect) {
        self.size = size
        self.connect = connect
    }

    deinit {
        for connection in state.withLock({ $0.idle }) { Self.closeSoon(connection) }
    }

    /// `body` with a connection of its own, returned to the pool after it, or closed when the call
    /// was cancelled meanwhile (its queries' state unknown; the pool opens another).
    func withConnection<Value: Sendable>(_ body: (PostgresConnection) async throws -> Value) async throws -> Value {
        let connection = try await lease()
        defer {
            if Task.isCancelled {
                Self.closeSoon(connection)
                forget(connection)
            } else {
                release(connection)
            }
        }
        return try await withTaskCancellationHandler {
            try await body(connection)
        } onCancel: {
            Self.closeSoon(connection)
        }
    }

    /// What the last attempt to connect since `start` failed with, or nil when none failed since.
    func failure(since start: ContinuousClock.Instant) -> String? {
        state.withLock { state in
            guard let last = state.lastFailure, last.at >= start else { return nil }
            return last.error
        }
    }

    /// Closes the idle connections and those leased as they come back; calls waiting and later
    /// ones fail.
    func close() async {
        let (idle, waiters) = state.withLock { state in
            state.closed = true
            defer { (state.idle, state.waiters) = ([], []) }
            return (state.idle, state.waiters)
        }
        for waiter in waiters { waiter.continuation.resume(throwing: PostgresConnectionPoolError.closed) }
        for connection in idle { try? await connection.close().get() }
    }

    private func lease() async throws -> PostgresConnection {
        if let connection = try state.withLock({ state throws -> PostgresConnection? in
            guard !state.closed else { throw PostgresConnectionPoolError.closed }
            return state.idle.popLast()
        }) {
            return connection
        }
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                enum Step {
                    case resume(PostgresConnection)
                    case fail(any Error)
                    case wait(connect: Bool)
                }
                let step = state.withLock { state -> Step in
                    if state.closed { return .fail(PostgresConnectionPoolError.closed) }
                    if Task.isCancelled { return .fail(CancellationError()) }
                    if let connection = state.idle.popLast() { return .resume(connection) }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    guard state.count < size else { return .wait(connect: false) }
                    state.connecting += 1
                    return .wait(connect: true)
                }
                switch step {
                case .resume(let connection): continuation.resume(returning: connection)
                case .fail(let error): continuation.resume(throwing: error)
                case .wait(let connect): if connect { openConnection() }
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// A connection back from a call: to the first call waiting, or idle; one that closed is
    /// forgotten (and replaced, when calls wait).
    private func release(_ connection: PostgresConnection) {
        guard !connection.isClosed else { return forget(connection) }
        enum Use {
            case give(Waiter)
            case done, close
        }
        let use = state.withLock { state -> Use in
            if state.closed { return .close }
            // A connection forgotten meanwhile is closing already.
            guard state.open.contains(connection.id) else { return .done }
            if !state.waiters.isEmpty { return .give(state.waiters.removeFirst()) }
            state.idle.append(connection)
            return .done
        }
        switch use {
        case .give(let waiter): waiter.continuation.resume(returning: connection)
        case .close: Self.closeSoon(connection)
        case .done: break
        }
    }

    /// A connection that closed (the server ended it, or a cancelled call): no longer counted, and
    /// another opened when calls wait for one.
    private func forget(_ connection: PostgresConnection) {
        let reopen = state.withLock { state -> Bool in
            guard state.open.remove(connection.id) != nil else { return false }
            state.idle.removeAll { $0.id == connection.id }
            guard !state.closed, !state.waiters.isEmpty, state.count < size else { return false }
            state.connecting += 1
            return true
        }
        if reopen { openConnection() }
    }

    /// One attempt to connect (counted in `connecting` by the caller), after a pause that grows with
    /// the failures in a row; a failure is retried while calls wait.
    private func openConnection() {
        let (id, failures) = state.withLock { state in
            state.nextId += 1
            return (state.nextId, state.failures)
        }
        Task {
            if failures > 0 { try? await Task.sleep(for: .milliseconds(min(50 << min(failures - 1, 5), 1000))) }
            let connection: PostgresConnection
            do {
                connection = try await connect(id)
            } catch {
                let retry = state.withLock { state -> Bool in
                    state.connecting -= 1
                    state.failures += 1
                    state.lastFailure = (.now, PostgresAccountStore.storeError(error).message)
                    guard !state.closed, !state.waiters.isEmpty else { return false }
                    state.connecting += 1
                    return true
                }
                if retry { openConnection() }
                return
            }
            enum Use {
                case give(Waiter)
                case idle, close
            }
            let use = state.withLock { state -> Use in
                state.connecting -= 1
                state.failures = 0
                guard !state.closed else { return .close }
                state.open.insert(connection.id)
                if !state.waiters.isEmpty { return .give(state.waiters.removeFirst()) }
                state.idle.append(connection)
                return .idle
            }
            if case .close = use {
                try? await connection.close().get()
                return
            }
            connection.closeFuture.whenComplete { [weak self] _ in self?.forget(connection) }
            if case .give(let waiter) = use { waiter.continuation.resume(returning: connection) }
        }
    }

    /// Starts closing `connection` without waiting for it (its close is seen through `closeFuture`).
    private static func closeSoon(_ connection: PostgresConnection) {
        connection.close().whenComplete { _ in }
    }
}

/// Why the pool gave no connection.
enum PostgresConnectionPoolError: Error, CustomStringConvertible {
    case closed

    var description: String { "the store was closed" }
}
