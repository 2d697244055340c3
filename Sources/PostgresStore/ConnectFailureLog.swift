import Logging
import Synchronization

/// The connection pool's background log: passed on to the store's logger from `notice` up (each
/// failed connection attempt is `info`, and an outage is told by the calls that fail), with the
/// last failed attempt kept, so that a call that timed out waiting for a connection says why none
/// could be made (a certificate that does not verify, a login refused) and not only that it waited.
struct ConnectFailureLog: LogHandler {
    /// The last failure the pool logged and when, shared by every copy of the handler (the pool
    /// copies its logger for each connection).
    final class Record: Sendable {
        private let last = Mutex<(at: ContinuousClock.Instant, error: String)?>(nil)

        func note(_ error: String) {
            last.withLock { $0 = (.now, error) }
        }

        /// What the last connection attempt since `start` failed with, or nil when none failed since.
        func failure(since start: ContinuousClock.Instant) -> String? {
            last.withLock { last in
                guard let last, last.at >= start else { return nil }
                return last.error
            }
        }
    }

    /// postgres-nio's metadata key for the error of a failed connection attempt.
    static let errorKey = "psql_error"

    let record: Record
    /// Where the messages from `notice` up go.
    let forward: Logger
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// The start of the warning postgres-nio gives when a connection is asked for before
    /// `PostgresClient.run()` has begun. The store starts `run()` in a task just before its first
    /// call, which may come first: that lease waits for the pool to run, so nothing is wrong.
    static let leaseBeforeRun = "Trying to lease connection from `PostgresClient`, but `PostgresClient.run()` hasn't been called yet"

    func log(event: LogEvent) {
        if let error = event.metadata?[Self.errorKey] { record.note("\(error)") }
        guard event.level >= max(forward.logLevel, .notice), !event.message.description.hasPrefix(Self.leaseBeforeRun) else { return }
        forward.log(
            level: event.level,
            event.message,
            error: event.error,
            metadata: metadata.merging(event.metadata ?? [:]) { $1 },
            source: event.source,
            file: event.file,
            function: event.function,
            line: event.line
        )
    }
}
