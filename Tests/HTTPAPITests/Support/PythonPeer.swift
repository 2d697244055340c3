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

/// Runs a program to completion off the cooperative pool, collecting its output.
enum ProcessRunner {
    struct Result: Sendable {
        let status: Int32
        let stdout: [UInt8]
        let stderr: [UInt8]
    }

    static func run(_ executable: String, _ arguments: [String], stdin: [UInt8] = [], environment: [String: String]? = nil) async throws
        -> Result
    {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
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
                    let writer = DispatchQueue(label: "peer-stdin")
                    writer.async {
                        input.fileHandleForWriting.write(Data(stdin))
                        try? input.fileHandleForWriting.close()
                    }
                    let group = DispatchGroup()
                    let errorData = DataBox()
                    group.enter()
                    DispatchQueue.global().async {
                        errorData.data = errors.fileHandleForReading.readDataToEndOfFile()
                        group.leave()
                    }
                    let outputData = output.fileHandleForReading.readDataToEndOfFile()
                    group.wait()
                    process.waitUntilExit()
                    continuation.resume(
                        returning: Result(status: process.terminationStatus, stdout: Array(outputData), stderr: Array(errorData.data))
                    )
                } catch {
                    continuation.resume(throwing: error)
                }
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

/// Written by one reader thread, read after `DispatchGroup.wait()`: the group orders the accesses.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
