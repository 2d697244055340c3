/// Exponential backoff with jitter: attempt 1 waits about `minimum`, each further attempt twice
/// as long, never more than `maximum`; the wait is spread by ±`jitter` so that many clients
/// (or many queued messages) do not retry in lockstep.
public struct RetryBackoff: Sendable, Hashable {
    public var minimum: Duration
    public var maximum: Duration
    /// Fraction of the delay added or removed at random, 0…1.
    public var jitter: Double

    public init(minimum: Duration, maximum: Duration, jitter: Double = 0.2) {
        self.minimum = minimum
        self.maximum = max(minimum, maximum)
        self.jitter = min(1, max(0, jitter))
    }

    /// The wait before retry number `attempt` (1 for the first retry).
    public func delay(attempt: Int) -> Duration {
        let exponent = min(max(attempt, 1) - 1, 40)
        let base = min(Self.seconds(minimum) * Double(1 << UInt64(exponent)), Self.seconds(maximum))
        let spread = jitter == 0 ? 1 : Double.random(in: (1 - jitter)...(1 + jitter))
        return .milliseconds(Int64(min(base * spread, Self.seconds(maximum)) * 1000))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
