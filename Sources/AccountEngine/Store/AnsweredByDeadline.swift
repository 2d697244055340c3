import Synchronization

/// `operation`'s result, or nil once `deadline` has passed (or the caller is cancelled, when
/// `cancellable`). The operation runs in a task of its own, cancelled then and not waited for: a
/// store call on a connection whose peer vanished may not end for a long time.
package func answered<Value: Sendable>(
    by deadline: ContinuousClock.Instant,
    cancellable: Bool = true,
    _ operation: @escaping @Sendable () async throws -> Value
) async -> Result<Value, any Error>? {
    await answered(cancellable: cancellable, operation) { outcome in
        let timer = Task {
            try? await Task.sleep(until: deadline, clock: .continuous)
            outcome.finish(nil)
        }
        return { timer.cancel() }
    }
}

/// `answered(by:)` with the deadline kept by `watch` instead of a timer task of its own: for a
/// caller that makes thousands of calls a second whose deadlines almost never pass, one job less to
/// start and one less to cancel for each.
package func answered<Value: Sendable>(
    by deadline: ContinuousClock.Instant,
    watchedBy watch: DeadlineWatch,
    _ operation: @escaping @Sendable () async throws -> Value
) async -> Result<Value, any Error>? {
    await answered(cancellable: true, operation) { outcome in
        let id = watch.add(deadline) { outcome.finish(nil) }
        return { watch.remove(id) }
    }
}

/// The operation in a task of its own, raced against the deadline that `watch` sets on the
/// outcome (answering how to stop watching) and, when `cancellable`, the caller's cancellation.
private func answered<Value: Sendable>(
    cancellable: Bool,
    _ operation: @escaping @Sendable () async throws -> Value,
    watch: (FirstOutcome<Result<Value, any Error>?>) -> () -> Void
) async -> Result<Value, any Error>? {
    let outcome = FirstOutcome<Result<Value, any Error>?>()
    let work = Task {
        do {
            outcome.finish(.success(try await operation()))
        } catch {
            outcome.finish(.failure(error))
        }
    }
    let unwatch = watch(outcome)
    let result = await withTaskCancellationHandler {
        await withCheckedContinuation { outcome.wait($0) }
    } onCancel: {
        if cancellable { outcome.finish(nil) }
    }
    unwatch()
    if result == nil { work.cancel() }
    return result
}

/// The first of several outcomes, handed to the one waiting for it (whether it came before or after).
final class FirstOutcome<Value: Sendable>: Sendable {
    private enum State {
        case idle
        case waiting(CheckedContinuation<Value, Never>)
        case finished(Value)
        case delivered
    }

    private let state = Mutex<State>(.idle)

    func wait(_ continuation: CheckedContinuation<Value, Never>) {
        let ready: Value? = state.withLock { state in
            guard case .finished(let value) = state else {
                state = .waiting(continuation)
                return nil
            }
            state = .delivered
            return value
        }
        if let ready { continuation.resume(returning: ready) }
    }

    /// Keeps `value` unless an earlier one came; later ones are dropped.
    func finish(_ value: Value) {
        let waiting: CheckedContinuation<Value, Never>? = state.withLock { state in
            switch state {
            case .idle:
                state = .finished(value)
                return nil
            case .waiting(let continuation):
                state = .delivered
                return continuation
            case .finished, .delivered:
                return nil
            }
        }
        waiting?.resume(returning: value)
    }
}
