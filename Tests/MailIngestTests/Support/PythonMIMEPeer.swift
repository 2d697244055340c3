import Foundation
import Testing

/// Runs `scripts/peers/make_mime.py`: Python's standard `email` package builds the message from a JSON spec,
/// so the parser is checked against a producer it was not written alongside.
enum PythonMIMEPeer {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func make(_ spec: String) throws -> [UInt8] {
        try run("make_mime.py", input: Array(spec.utf8))
    }

    /// What Python's own parser (policy.default) reads in a message's From and Subject.
    static func readHeaders(_ message: [UInt8]) throws -> PythonHeaders {
        try JSONDecoder().decode(PythonHeaders.self, from: Data(try run("read_headers.py", input: message)))
    }

    struct PythonHeaders: Decodable {
        struct Address: Decodable, Equatable {
            let display_name: String
            let addr_spec: String
        }
        let subject: String?
        let from: [Address]
    }

    private static func run(_ script: String, input bytes: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", packageRoot.appendingPathComponent("scripts/peers/\(script)").path]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(bytes))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(script) exited with \(process.terminationStatus): \(errorText)")
        }
        return [UInt8](data)
    }
}
