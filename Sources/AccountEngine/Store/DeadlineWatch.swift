import Synchronization

/// The deadlines of many calls, watched by one task that looks every `resolution`: a deadline is
/// acted on at most `resolution` after it passes. Where each call would otherwise start a timer
/// task and cancel it (two jobs, two thread wake-ups), a call here adds and removes an entry under a
/// lock. The task ends with the watch.
package final class DeadlineWatch: Sendable {
    private let table = DeadlineTable()
    private let watcher: Task<Void, Never>

    package init(resolution: Duration = .milliseconds(100)) {
        let table = self.table
        watcher = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: resolution)
                for expire in table.removeExpired(at: .now) { expire() }
            }
        }
    }

    deinit {
        watcher.cancel()
    }

    /// Watches `deadline`: `expire` runs once it has passed, unless `remove` came first.
    package func add(_ deadline: ContinuousClock.Instant, expire: @escaping @Sendable () -> Void) -> UInt64 {
        table.add(deadline, expire)
    }

    package func remove(_ id: UInt64) {
        table.remove(id)
    }
}

/// The deadlines a `DeadlineWatch` watches, by id.
private final class DeadlineTable: Sendable {
    private struct Entry {
        let deadline: ContinuousClock.Instant
        let expire: @Sendable () -> Void
    }

    private let state = Mutex<(next: UInt64, entries: [UInt64: Entry])>((0, [:]))

    func add(_ deadline: ContinuousClock.Instant, _ expire: @escaping @Sendable () -> Void) -> UInt64 {
        state.withLock { state in
            state.next += 1
            state.entries[state.next] = Entry(deadline: deadline, expire: expire)
            return state.next
        }
    }

    func remove(_ id: UInt64) {
        _ = state.withLock { $0.entries.removeValue(forKey: id) }
    }

    /// The expiries of the deadlines passed at `now`, no longer watched.
    func removeExpired(at now: ContinuousClock.Instant) -> [@Sendable () -> Void] {
        state.withLock { state in
            let expired = state.entries.filter { $0.value.deadline <= now }
            for id in expired.keys { state.entries.removeValue(forKey: id) }
            return expired.values.map(\.expire)
        }
    }
}
