import AccountEngine
import Foundation

/// Runs one of the independent peers of `scripts/peers/`: JSON on stdin, JSON on stdout.
enum PythonPeer {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ script: String, input: JSONValue) async throws -> JSONValue {
        let result = try await ProcessRunner.run(
            "/usr/bin/env",
            ["python3", PackagePaths.peer(script).path],
            stdin: input.compactBytes
        )
        guard result.status == 0 else {
            throw Failure(description: "\(script) exited \(result.status): \(String(decoding: result.stderr, as: UTF8.self))")
        }
        return try StrictJSONParser(maxBytes: 64 << 20, maxDepth: 64).parse(result.stdout)
    }
}

/// Runs a program to completion off the cooperative pool, collecting its output. Pipes are read
/// and written with plain POSIX calls that retry on EINTR (Foundation's FileHandle traps on it).
enum ProcessRunner {
    struct Result: Sendable {
        let status: Int32
        let stdout: [UInt8]
        let stderr: [UInt8]
    }

    static func run(
        _ executable: String,
        _ arguments: [String],
        stdin: [UInt8] = [],
        environment: [String: String]? = nil
    ) async throws
        -> Result
    {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
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
                    try process.run()
                    let inputDescriptor = input.fileHandleForWriting.fileDescriptor
                    let outputDescriptor = output.fileHandleForReading.fileDescriptor
                    let errorDescriptor = errors.fileHandleForReading.fileDescriptor
                    let errorData = DataBox()
                    let done = DispatchSemaphore(value: 0)
                    let writer = input.fileHandleForWriting
                    Thread.detachNewThread {
                        writeAll(inputDescriptor, stdin)
                        // Through the FileHandle, which owns the descriptor: closing it behind its back
                        // would let a second close hit whatever reuses the number (a server socket).
                        try? writer.close()
                    }
                    Thread.detachNewThread {
                        errorData.data = readAll(errorDescriptor)
                        done.signal()
                    }
                    let outputData = readAll(outputDescriptor)
                    done.wait()
                    process.waitUntilExit()
                    continuation.resume(returning: Result(status: process.terminationStatus, stdout: outputData, stderr: errorData.data))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
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

extension JSONValue {
    subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }

    var string: String? { stringValue }
    var array: [JSONValue] { arrayValue ?? [] }
    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
    var uint: UInt64? {
        if case .number(let number) = self { return number.plainUnsignedInteger }
        return nil
    }
}

/// Written by one reader thread, read after the semaphore it signals: the semaphore orders the accesses.
private final class DataBox: @unchecked Sendable {
    var data: [UInt8] = []
}
