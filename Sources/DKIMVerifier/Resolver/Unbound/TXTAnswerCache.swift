import Foundation

/// Look-up results kept until their TTL runs out, at most `capacity` names.
///
/// A lock rather than an actor guards it, so that a hit is answered on the caller's own task
/// without a hop. When full, it first drops expired entries, then the entry that would expire
/// soonest: both cost a pass over the entries, paid only by a miss that already waits on DNS.
final class TXTAnswerCache: @unchecked Sendable {
    private struct Entry {
        let result: TXTLookupResult
        let expiry: ContinuousClock.Instant
    }

    private let capacity: Int
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var hitCount = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The result stored for `key`, if it has not expired at `now`.
    func answer(for key: String, at now: ContinuousClock.Instant) -> TXTLookupResult? {
        lock.withLock {
            guard let entry = entries[key] else { return nil }
            guard entry.expiry > now else {
                entries[key] = nil
                return nil
            }
            hitCount += 1
            return entry.result
        }
    }

    func store(_ result: TXTLookupResult, for key: String, expiresAt expiry: ContinuousClock.Instant) {
        guard capacity > 0 else { return }
        lock.withLock {
            if entries[key] == nil, entries.count >= capacity {
                makeRoom(now: .now)
            }
            entries[key] = Entry(result: result, expiry: expiry)
        }
    }

    var hits: Int { lock.withLock { hitCount } }

    var count: Int { lock.withLock { entries.count } }

    private func makeRoom(now: ContinuousClock.Instant) {
        entries = entries.filter { $0.value.expiry > now }
        if entries.count >= capacity, let soonest = entries.min(by: { $0.value.expiry < $1.value.expiry })?.key {
            entries[soonest] = nil
        }
    }
}
