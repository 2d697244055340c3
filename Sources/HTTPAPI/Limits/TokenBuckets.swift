import Synchronization

/// One token bucket per client: a client holds at most `capacity` tokens, gains `refillPerSecond`
/// a second, and spends one per counted request. Buckets that have filled up again are dropped
/// once more than `maxClients` are kept, so a spray of addresses costs bounded memory.
final class TokenBuckets: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    let capacity: Double
    let refillPerSecond: Double
    private let maxClients: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    init(capacity: Int, refillPerSecond: Double, maxClients: Int = 100_000) {
        self.capacity = Double(capacity)
        self.refillPerSecond = refillPerSecond
        self.maxClients = maxClients
    }

    /// Spends one of `client`'s tokens: nil when there was one, otherwise how long until there is.
    func take(_ client: String, now: ContinuousClock.Instant = .now) -> Duration? {
        buckets.withLock { buckets in
            var bucket = buckets[client].map { refilled($0, now: now) } ?? Bucket(tokens: capacity, updated: now)
            guard bucket.tokens >= 1 else {
                buckets[client] = bucket
                return .seconds((1 - bucket.tokens) / refillPerSecond)
            }
            bucket.tokens -= 1
            if buckets[client] == nil, buckets.count >= maxClients {
                buckets = buckets.filter { refilled($0.value, now: now).tokens < capacity }
            }
            buckets[client] = bucket
            return nil
        }
    }

    /// Gives back a token spent on a request that did not count after all (it was refused).
    func refund(_ client: String) {
        buckets.withLock { buckets in
            guard var bucket = buckets[client] else { return }
            bucket.tokens = min(capacity, bucket.tokens + 1)
            buckets[client] = bucket
        }
    }

    private func refilled(_ bucket: Bucket, now: ContinuousClock.Instant) -> Bucket {
        let elapsed = now - bucket.updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Bucket(tokens: min(capacity, bucket.tokens + max(0, seconds) * refillPerSecond), updated: now)
    }
}
