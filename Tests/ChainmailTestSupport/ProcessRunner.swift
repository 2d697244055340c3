import Foundation

/// Runs a program to completion off the cooperative pool, collecting its output: with many tests
/// in parallel, blocking there would starve the pool (it has one thread per core). Pipes are read
/// and written with plain POSIX calls that retry on EINTR (Foundation's FileHandle traps on it).
public enum ProcessRunner {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: [UInt8]
        public let stderr: [UInt8]
    }

    public static func run(
        _ executable: String,
        _ arguments: [String],
        stdin: [UInt8] = [],
        environment: [String: String]? = nil
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    continuation.resume(returning: try runBlocking(executable, arguments, stdin: stdin, environment: environment))
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
        environment: [String: String]?
    ) throws
        -> Result
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        // Process.waitUntilExit spins a run loop on Linux; a semaphore just sleeps.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.runWithoutInheritedDescriptors()
        let inputDescriptor = input.fileHandleForWriting.fileDescriptor
        let errorDescriptor = errors.fileHandleForReading.fileDescriptor
        let errorData = DataBox()
        let errorsRead = DispatchSemaphore(value: 0)
        let writer = input.fileHandleForWriting
        Thread.detachNewThread {
            writeAll(inputDescriptor, stdin)
            // Through the FileHandle, which owns the descriptor: closing it behind its back
            // would let a second close hit whatever reuses the number (a server socket).
            try? writer.close()
        }
        Thread.detachNewThread {
            errorData.data = readAll(errorDescriptor)
            errorsRead.signal()
        }
        let outputData = readAll(output.fileHandleForReading.fileDescriptor)
        errorsRead.wait()
        exited.wait()
        return Result(status: process.terminationStatus, stdout: outputData, stderr: errorData.data)
    }

    private static func readAll(_ descriptor: Int32) -> [UInt8] {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data += buffer[0..<count]
            } else if count == 0 || errno != EINTR {
                return data
            }
        }
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

/// Written by one reader thread, read after the semaphore it signals: the semaphore orders the accesses.
private final class DataBox: @unchecked Sendable {
    var data: [UInt8] = []
}
