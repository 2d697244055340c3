import AccountEngine
import Foundation

/// Runs one of the independent Python peers of `scripts/peers/`: JSON on stdin, JSON on stdout.
enum PythonPeer {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ script: String, input: JSONValue) async throws -> JSONValue {
        let scriptURL = SharedVectors.packageRoot.appendingPathComponent("scripts/peers").appendingPathComponent(script)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptURL.path]
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.compactBytes))
        try stdin.fileHandleForWriting.close()
        let output = try await Task.detached {
            let data = stdout.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return data
        }.value
        guard process.terminationStatus == 0 else {
            let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw Failure(description: "\(script) exited \(process.terminationStatus): \(message)")
        }
        return try StrictJSONParser().parse(Array(output))
    }
}
