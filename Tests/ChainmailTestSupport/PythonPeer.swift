import AccountEngine

/// Runs one of the independent Python peers of `scripts/peers/`: JSON on stdin, JSON on stdout.
public enum PythonPeer {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    public static func run(_ script: String, input: JSONValue) async throws -> JSONValue {
        try StrictJSONParser(maxBytes: 64 << 20, maxDepth: 64).parse(try await run(script, bytes: input.compactBytes))
    }

    /// The peer's stdout for `bytes` on its stdin; a non-zero exit throws with its stderr.
    public static func run(_ script: String, bytes: [UInt8]) async throws -> [UInt8] {
        let result = try await ProcessRunner.run("/usr/bin/env", ["python3", PackagePaths.peer(script).path], stdin: bytes)
        guard result.status == 0 else {
            throw Failure(description: "\(script) exited \(result.status): \(String(decoding: result.stderr, as: UTF8.self))")
        }
        return result.stdout
    }
}
