import CUnbound
import ErrorCodes
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs every libunbound call for one context on a thread of its own, so that no blocking C
/// call ever runs on the Swift cooperative pool.
///
/// Tasks hand queries over under a lock and wake the thread through a pipe. The thread starts
/// them with `ub_resolve_async`, sleeps in `poll` on libunbound's result descriptor, the pipe and
/// the nearest deadline, delivers results through `ub_process`, and cancels (`ub_cancel`) any
/// query still open at its deadline, answering it with a ``DNSLookupFailure/Cause/timeout``. Each continuation is resumed
/// exactly once, because only the thread removes queries from `inFlight`.
final class UnboundQueryLoop: @unchecked Sendable {
    private struct Submission {
        let token: UInt64
        let name: String
        let deadline: ContinuousClock.Instant
        let timeout: Duration
        let continuation: CheckedContinuation<UnboundOutcome, Never>
    }

    private struct InFlightQuery {
        let asyncID: Int32
        let deadline: ContinuousClock.Instant
        let timeout: Duration
        let continuation: CheckedContinuation<UnboundOutcome, Never>
        let ticket: Unmanaged<QueryTicket>
    }

    /// What libunbound carries through `mydata` to the callback.
    private final class QueryTicket {
        let token: UInt64
        let loop: UnboundQueryLoop
        init(token: UInt64, loop: UnboundQueryLoop) {
            self.token = token
            self.loop = loop
        }
    }

    private let context: UnboundContext
    private let wakeReader: Int32
    private let wakeWriter: Int32

    // Shared between tasks and the thread, under `lock`.
    private let lock = NSLock()
    private var submissions: [Submission] = []
    private var cancellations: [UInt64] = []
    private var stopping = false
    private var nextToken: UInt64 = 0
    private var started = 0

    // The thread's own.
    private var inFlight: [UInt64: InFlightQuery] = [:]

    init(context: UnboundContext) throws(UnboundResolverError) {
        self.context = context
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            throw UnboundResolverError(code: .resolverSetupFailed, message: "cannot create a pipe: errno \(errno)")
        }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        wakeReader = ends[0]
        wakeWriter = ends[1]
        let thread = Thread { [self] in run() }
        thread.name = "chainmail-unbound"
        thread.start()
    }

    deinit {
        close(wakeReader)
        close(wakeWriter)
    }

    /// How many queries were handed to libunbound so far.
    var queriesStarted: Int { lock.withLock { started } }

    /// Resolves `name`'s TXT records, giving up after `timeout`.
    func resolveTXT(_ name: String, timeout: Duration) async -> UnboundOutcome {
        let token = lock.withLock {
            nextToken += 1
            return nextToken
        }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let accepted = lock.withLock {
                    guard !stopping else { return false }
                    submissions.append(Submission(token: token, name: name, deadline: deadline, timeout: timeout, continuation: continuation))
                    // A task cancelled before it got here ran `onCancel` before there was anything
                    // to cancel; queued together, the loop starts the query and abandons it at once.
                    if Task.isCancelled { cancellations.append(token) }
                    return true
                }
                if accepted {
                    wake()
                } else {
                    continuation.resume(returning: .failure(Self.shutDown))
                }
            }
        } onCancel: {
            lock.withLock { cancellations.append(token) }
            wake()
        }
    }

    /// Ends the thread; queries still open are answered ``shutDown``.
    func stop() {
        lock.withLock { stopping = true }
        wake()
    }

    private func wake() {
        var byte: UInt8 = 1
        // A full pipe already holds a wake-up, so a failed write loses nothing.
        _ = write(wakeWriter, &byte, 1)
    }

    // MARK: - The thread

    private func run() {
        // Named for `ps -L` and for the tests that count these threads (Foundation's Thread.name
        // does not reach the kernel on Linux; 15 bytes at most).
        #if os(Linux)
        _ = chainmail_name_current_thread("chainmail-dns")
        #endif
        let resultDescriptor = ub_fd(context.pointer)
        while true {
            let (newSubmissions, newCancellations, stop) = lock.withLock {
                defer {
                    submissions.removeAll()
                    cancellations.removeAll()
                }
                return (submissions, cancellations, stopping)
            }
            if stop {
                for submission in newSubmissions { submission.continuation.resume(returning: .failure(Self.shutDown)) }
                for token in Array(inFlight.keys) { abandon(token, reason: Self.shutDown) }
                context.delete()
                return
            }
            for submission in newSubmissions { start(submission) }
            for token in newCancellations { abandon(token, reason: DNSLookupFailure(.cancelled, "the task that asked was cancelled")) }
            let now = ContinuousClock.now
            for (token, query) in inFlight where query.deadline <= now {
                abandon(token, reason: DNSLookupFailure(.timeout, "no answer within \(Self.describe(query.timeout))"))
            }

            var descriptors = [
                pollfd(fd: resultDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeReader, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&descriptors, nfds_t(descriptors.count), pollTimeoutMilliseconds(now: now))
            guard ready > 0 else { continue }
            if descriptors[1].revents != 0 { drainWakeups() }
            if descriptors[0].revents != 0 {
                let error = ub_process(context.pointer)
                if error != 0 {
                    // The result pipe broke: nothing more will arrive for the open queries.
                    for token in Array(inFlight.keys) { abandon(token, reason: DNSLookupFailure(.resolverError, UnboundContext.describe(error))) }
                }
            }
        }
    }

    private func start(_ submission: Submission) {
        let ticket = Unmanaged.passRetained(QueryTicket(token: submission.token, loop: self))
        var asyncID: Int32 = 0
        let error = ub_resolve_async(
            context.pointer,
            submission.name,
            16,  // TXT
            1,  // IN
            ticket.toOpaque(),
            { mydata, error, result in
                guard let mydata else {
                    ub_resolve_free(result)
                    return
                }
                let ticket = Unmanaged<QueryTicket>.fromOpaque(mydata).takeRetainedValue()
                ticket.loop.finish(ticket.token, error: error, result: result)
            },
            &asyncID
        )
        guard error == 0 else {
            ticket.release()
            submission.continuation.resume(returning: .failure(DNSLookupFailure(.resolverError, UnboundContext.describe(error))))
            return
        }
        lock.withLock { started += 1 }
        inFlight[submission.token] = InFlightQuery(
            asyncID: asyncID,
            deadline: submission.deadline,
            timeout: submission.timeout,
            continuation: submission.continuation,
            ticket: ticket
        )
    }

    /// libunbound's callback, called from `ub_process` on the thread.
    private func finish(_ token: UInt64, error: Int32, result: UnsafeMutablePointer<ub_result>?) {
        defer { ub_resolve_free(result) }
        guard let query = inFlight.removeValue(forKey: token) else { return }
        if error != 0 {
            query.continuation.resume(returning: .failure(DNSLookupFailure(.resolverError, UnboundContext.describe(error))))
        } else if let result {
            query.continuation.resume(returning: .answer(UnboundAnswer(copying: result.pointee)))
        } else {
            query.continuation.resume(returning: .failure(DNSLookupFailure(.resolverError, "libunbound gave no result")))
        }
    }

    private func abandon(_ token: UInt64, reason: DNSLookupFailure) {
        guard let query = inFlight.removeValue(forKey: token) else { return }
        // After ub_cancel libunbound never calls back for this query, so its ticket is ours
        // to release; if the query had already gone, no callback can come either.
        _ = ub_cancel(context.pointer, query.asyncID)
        query.ticket.release()
        query.continuation.resume(returning: .failure(reason))
    }

    private func pollTimeoutMilliseconds(now: ContinuousClock.Instant) -> Int32 {
        guard let nearest = inFlight.values.lazy.map(\.deadline).min() else { return -1 }
        let remaining = now.duration(to: nearest)
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }

    private static let shutDown = DNSLookupFailure(.resolverError, "resolver shut down")

    /// `5 s`, `800 ms`.
    private static func describe(_ timeout: Duration) -> String {
        let (seconds, attoseconds) = timeout.components
        return attoseconds == 0 ? "\(seconds) s" : "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms"
    }

    private func drainWakeups() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeReader, &buffer, buffer.count) > 0 {}
    }
}
