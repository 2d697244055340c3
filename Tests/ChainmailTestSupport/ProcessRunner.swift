import Foundation

/// Runs a program (a `ChildProcess`) to completion off the cooperative pool, collecting its output:
/// with many tests in parallel, blocking there would starve the pool (it has one thread per core).
/// Pipes are read and written with plain POSIX calls that retry on EINTR.
///
/// A run never hangs the test process: output is read until the program has exited and its pipes
/// are drained (a daemon it started may keep a copy of them open for as long as it lives), and a
/// program still running at its time limit is killed and reported as a `TimeLimitExceeded` error.
public enum ProcessRunner {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: [UInt8]
        public let stderr: [UInt8]
    }

    public struct TimeLimitExceeded: Error, CustomStringConvertible {
        public let command: String
        public let limit: Duration
        public let stderr: String

        public var description: String {
            "\(command) was still running after \(limit) and was killed; its standard error: \(stderr)"
        }
    }

    public static func run(
        _ executable: String,
        _ arguments: [String],
        stdin: [UInt8] = [],
        environment: [String: String]? = nil,
        timeLimit: Duration = .seconds(300)
    ) async throws -> Result {
        try await onBlockingThread {
            try runBlocking(executable, arguments, stdin: stdin, environment: environment, timeLimit: timeLimit)
        }
    }

    /// Runs `work` on a thread of its own, never on the cooperative pool (it has one thread per
    /// core, and a blocked one delays every test beside it).
    public static func onBlockingThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result { try work() })
            }
        }
    }

    private static func runBlocking(
        _ executable: String,
        _ arguments: [String],
        stdin: [UInt8],
        environment: [String: String]?,
        timeLimit: Duration
    ) throws -> Result {
        let child = try ChildProcess(
            executable,
            arguments,
            environment: environment,
            input: stdin.isEmpty ? .nullDevice : .pipe
        )
        if let inputDescriptor = child.inputDescriptor {
            Thread.detachNewThread {
                writeAll(inputDescriptor, stdin)
                child.closeInput()
            }
        }
        let deadline = ContinuousClock.now.advanced(by: timeLimit)
        let (streams, killedReading) = readUntilExit([child.outputDescriptor!, child.errorDescriptor!], child: child, deadline: deadline)
        var killed = killedReading
        // Its output can end before the program does (it closed both streams): wait out the limit.
        var termination = child.waitForEnd(upTo: max(.zero, deadline - ContinuousClock.now))
        if termination == nil {
            killed = true
            child.send(SIGKILL)
            termination = child.waitForEnd(upTo: .seconds(60))
        }
        if killed || termination == nil {
            throw TimeLimitExceeded(
                command: ([executable] + arguments).joined(separator: " "),
                limit: timeLimit,
                stderr: String(decoding: streams[1].suffix(4_096), as: UTF8.self)
            )
        }
        return Result(status: termination!.status, stdout: streams[0], stderr: streams[1])
    }

    /// Reads every descriptor until each is at its end, or until the program has exited and
    /// nothing more is waiting in any of them. Past `deadline` the program is killed, and ten
    /// seconds later reading stops whatever still writes (a daemon it started).
    private static func readUntilExit(
        _ descriptors: [Int32],
        child: ChildProcess,
        deadline: ContinuousClock.Instant
    ) -> (data: [[UInt8]], killed: Bool) {
        var data = [[UInt8]](repeating: [], count: descriptors.count)
        var open = Array(descriptors.indices)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var killed = false
        while !open.isEmpty {
            let now = ContinuousClock.now
            if !killed && now >= deadline {
                killed = true
                child.send(SIGKILL)
            }
            if now >= deadline.advanced(by: .seconds(10)) { break }
            let exitedBeforePoll = !child.isRunning
            var polled = open.map { pollfd(fd: descriptors[$0], events: Int16(POLLIN), revents: 0) }
            let ready = poll(&polled, nfds_t(polled.count), 100)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if ready == 0 {
                // Nothing came in a tenth of a second after the exit: what remains open is held
                // by someone else (a daemon the program started).
                if exitedBeforePoll { break }
                continue
            }
            var stillOpen: [Int] = []
            for (slot, index) in open.enumerated() {
                guard polled[slot].revents != 0 else {
                    stillOpen.append(index)
                    continue
                }
                let count = buffer.withUnsafeMutableBytes { read(descriptors[index], $0.baseAddress, $0.count) }
                if count > 0 {
                    data[index] += buffer[0..<count]
                    stillOpen.append(index)
                } else if count < 0 && errno == EINTR {
                    stillOpen.append(index)
                }
            }
            open = stillOpen
        }
        return (data, killed)
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                offset += count
            } else if count < 0 && errno != EINTR {
                return
            }
        }
    }
}
