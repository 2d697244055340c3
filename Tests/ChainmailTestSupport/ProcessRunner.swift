import Foundation

/// Runs a program to completion off the cooperative pool, collecting its output: with many tests
/// in parallel, blocking there would starve the pool (it has one thread per core). Pipes are read
/// and written with plain POSIX calls that retry on EINTR (Foundation's FileHandle traps on it).
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
        timeLimit: Duration = .seconds(900)
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    let result = try runBlocking(
                        executable,
                        arguments,
                        stdin: stdin,
                        environment: environment,
                        timeLimit: timeLimit
                    )
                    continuation.resume(returning: result)
                } catch {
                    continuation.resume(throwing: error)
                }
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let input = Pipe.uninherited()
        let output = Pipe.uninherited()
        let errors = Pipe.uninherited()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let exit = ExitWatch()
        process.terminationHandler = { _ in exit.signal() }
        try process.runWithoutInheritedDescriptors()
        let inputDescriptor = input.fileHandleForWriting.fileDescriptor
        let writer = input.fileHandleForWriting
        Thread.detachNewThread {
            writeAll(inputDescriptor, stdin)
            // Through the FileHandle, which owns the descriptor: closing it behind its back
            // would let a second close hit whatever reuses the number (a server socket).
            try? writer.close()
        }
        let deadline = ContinuousClock.now.advanced(by: timeLimit)
        var killed = false
        let streams = readUntilExit(
            [output.fileHandleForReading.fileDescriptor, errors.fileHandleForReading.fileDescriptor],
            exit: exit
        ) {
            guard !killed, ContinuousClock.now >= deadline else { return }
            killed = true
            kill(process.processIdentifier, SIGKILL)
        }
        exit.wait()
        if killed {
            throw TimeLimitExceeded(
                command: ([executable] + arguments).joined(separator: " "),
                limit: timeLimit,
                stderr: String(decoding: streams[1].suffix(4_096), as: UTF8.self)
            )
        }
        return Result(status: process.terminationStatus, stdout: streams[0], stderr: streams[1])
    }

    /// Reads every descriptor until each is at its end, or until the program has exited and
    /// nothing more is waiting in any of them. `tick` runs about ten times a second.
    private static func readUntilExit(_ descriptors: [Int32], exit: ExitWatch, tick: () -> Void) -> [[UInt8]] {
        var data = [[UInt8]](repeating: [], count: descriptors.count)
        var open = Array(descriptors.indices)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !open.isEmpty {
            tick()
            let exitedBeforePoll = exit.hasExited
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
        return data
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

/// Whether the program has exited, set from Foundation's termination handler.
private final class ExitWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var exited = false
    private let semaphore = DispatchSemaphore(value: 0)

    var hasExited: Bool { lock.withLock { exited } }

    func signal() {
        lock.withLock { exited = true }
        semaphore.signal()
    }

    /// Process.waitUntilExit spins a run loop on Linux; a semaphore just sleeps.
    func wait() {
        semaphore.wait()
    }
}
