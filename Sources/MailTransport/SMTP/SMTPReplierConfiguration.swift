/// How often and how hard the replier tries.
public struct SMTPReplierConfiguration: Sendable, Hashable {
    /// Time between looks at the outbox when nobody calls `wake()`.
    public var pollInterval: Duration
    /// Messages taken from the outbox per look.
    public var batchSize: Int
    /// Wait before retrying one message after a temporary failure, growing per attempt.
    public var retryBackoff: RetryBackoff
    /// After this many failed attempts a message is abandoned (two days at the defaults).
    public var maxAttempts: Int

    public init(
        pollInterval: Duration = .seconds(5),
        batchSize: Int = 20,
        retryBackoff: RetryBackoff = RetryBackoff(minimum: .seconds(30), maximum: .seconds(3600)),
        maxAttempts: Int = 50
    ) {
        self.pollInterval = pollInterval
        self.batchSize = max(1, batchSize)
        self.retryBackoff = retryBackoff
        self.maxAttempts = max(1, maxAttempts)
    }
}
