import AccountEngine
import Foundation

/// Runs one of the independent Python peers of `scripts/peers/`: JSON on stdin, JSON on stdout.
///
/// The process is waited for on a Dispatch queue, not on the Swift cooperative pool: with many
/// tests in parallel, blocking reads there would starve the pool (it has one thread per core).
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
        let (output, errors, status) = await withCheckedContinuation { (continuation: CheckedContinuation<(Data, Data, Int32), Never>) in
            DispatchQueue.global().async {
                let group = DispatchGroup()
                nonisolated(unsafe) var errors = Data()
                DispatchQueue.global().async(group: group) { errors = stderr.fileHandleForReading.readDataToEndOfFile() }
                stdin.fileHandleForWriting.write(Data(input.compactBytes))
                try? stdin.fileHandleForWriting.close()
                let output = stdout.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                process.waitUntilExit()
                continuation.resume(returning: (output, errors, process.terminationStatus))
            }
        }
        guard status == 0 else {
            throw Failure(description: "\(script) exited \(status): \(String(decoding: errors, as: UTF8.self))")
        }
        return try StrictJSONParser().parse(Array(output))
    }
}
