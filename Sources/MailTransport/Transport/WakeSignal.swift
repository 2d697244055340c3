import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A self-pipe that interrupts a blocking poll(): IDLE and the waits between rounds watch its
/// read end next to the socket, so new-mail hints and task cancellation take effect at once.
package final class WakeSignal: Sendable {
    private let readEnd: Int32
    private let writeEnd: Int32

    package init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            }
        } else {
            ends = [-1, -1]
        }
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        if readEnd >= 0 { Glibc.close(readEnd) }
        if writeEnd >= 0 { Glibc.close(writeEnd) }
    }

    /// The descriptor to poll for POLLIN.
    package var fileDescriptor: Int32 { readEnd }

    /// Wakes the current or the next wait. Safe from any thread; never blocks.
    package func signal() {
        var byte: UInt8 = 1
        _ = Glibc.write(writeEnd, &byte, 1)
    }

    /// Forgets pending signals (called before a wait that should only see new ones).
    package func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while Glibc.read(readEnd, &buffer, buffer.count) > 0 {}
    }

    /// Blocks until signalled, `socket` (if any, not -1) is readable, or `timeout` passes.
    /// Returns what ended the wait. Call on a blocking lane, never on the cooperative pool.
    package func wait(timeout: Duration, socket: Int32 = -1) -> WakeReason {
        var descriptors = [pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)]
        if socket >= 0 { descriptors.append(pollfd(fd: socket, events: Int16(POLLIN), revents: 0)) }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let remaining = max(.zero, ContinuousClock.now.duration(to: deadline))
            let result = poll(&descriptors, nfds_t(descriptors.count), Int32(clamping: remaining.wholeMilliseconds))
            if result < 0 && errno == EINTR { continue }
            if result == 0 { return .timeout }
            if result < 0 { return .socketActivity }
            if descriptors.count > 1 && descriptors[1].revents != 0 { return .socketActivity }
            return .signalled
        }
    }

    package enum WakeReason: Sendable, Equatable {
        case signalled
        case socketActivity
        case timeout
    }
}
