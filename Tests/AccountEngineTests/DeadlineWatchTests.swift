import AccountEngine
import ChainmailTestSupport
import Synchronization
import Testing

/// `answered(by:watchedBy:)`: store calls' deadlines kept by one watching task instead of a timer
/// task per call. Nothing here is timed: the watcher runs on the cooperative pool, which the busy
/// test process can hold for many seconds, so each check waits as long as the suites' other peers do
/// (the operations that must be abandoned would take an hour).
@Suite("Deadlines watched by one task")
struct DeadlineWatchTests {
    @Test("an operation that ends before its deadline is answered its result, or its error")
    func resultBeforeTheDeadline() async throws {
        let watch = DeadlineWatch(resolution: .milliseconds(50))
        let value = await answered(by: .now + .seconds(3_600), watchedBy: watch) { 42 }
        #expect(try value?.get() == 42)
        struct Refused: Error {}
        let refused = await answered(by: .now + .seconds(3_600), watchedBy: watch) { () async throws -> Int in throw Refused() }
        #expect(throws: Refused.self) { try refused?.get() }
    }

    @Test("an operation that outlasts its deadline is answered nil once it passes, and is cancelled")
    func nilOnceTheDeadlinePasses() async throws {
        let watch = DeadlineWatch(resolution: .milliseconds(50))
        let cancelled = Mutex(false)
        let answer = await answered(by: .now + .milliseconds(200), watchedBy: watch) {
            do {
                try await Task.sleep(for: .seconds(3_600))
            } catch {
                cancelled.withLock { $0 = true }
            }
            return 1
        }
        #expect(answer == nil)
        #expect(await eventually { cancelled.withLock { $0 } })
    }

    @Test("a deadline removed before it passes never expires")
    func removedDeadlineNeverExpires() async throws {
        let watch = DeadlineWatch(resolution: .milliseconds(20))
        let expired = Mutex(0)
        let kept = watch.add(.now + .milliseconds(50)) { expired.withLock { $0 += 1 } }
        let removed = watch.add(.now + .milliseconds(50)) { expired.withLock { $0 += 100 } }
        watch.remove(removed)
        #expect(await eventually { expired.withLock { $0 } == 1 })
        try await Task.sleep(for: .milliseconds(200))
        #expect(expired.withLock { $0 } == 1)
        watch.remove(kept)
    }

    @Test("a caller cancelled while it waits is answered nil at once")
    func cancelledCaller() async throws {
        let watch = DeadlineWatch(resolution: .milliseconds(50))
        let waiting = Task {
            await answered(by: .now + .seconds(3_600), watchedBy: watch) { () async throws -> Int in
                try await Task.sleep(for: .seconds(3_600))
                return 1
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        waiting.cancel()
        #expect(await waiting.value == nil)
    }
}
