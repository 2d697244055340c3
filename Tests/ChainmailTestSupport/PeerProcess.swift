import Foundation

/// Runs the peer scripts under scripts/peers as subprocesses, off the cooperative pool.
public enum PeerProcess {
    public static func script(_ name: String) -> String {
        PackagePaths.peer(name).path
    }

    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// Runs `arguments[0]` with the rest, waits for it, returns its output.
    public static func run(_ arguments: [String]) async throws -> Output {
        let result = try await ProcessRunner.run("/usr/bin/env", arguments)
        return Output(
            status: result.status,
            stdout: String(decoding: result.stdout, as: UTF8.self),
            stderr: String(decoding: result.stderr, as: UTF8.self)
        )
    }

    /// Like `run`, but a non-zero exit is an error carrying stderr.
    @discardableResult
    public static func check(_ arguments: [String]) async throws -> String {
        let output = try await run(arguments)
        guard output.status == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) exited \(output.status): \(output.stderr)\(output.stdout)")
        }
        return output.stdout
    }

    /// KEY=VALUE lines as printed by the peer scripts.
    public static func keyValues(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }

    public static func temporaryDirectory(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Polls `condition` until it holds or `timeout` passes (generous by default: two shared cores).
public func eventually(
    timeout: Duration = .seconds(60),
    every interval: Duration = .milliseconds(200),
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
public func freeTCPPort() async throws -> UInt16 {
    let output = try await PeerProcess.check(["python3", PeerProcess.script("free_port.py")])
    guard let port = UInt16(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw PeerProcess.Failure(description: "no port in \(output)")
    }
    return port
}
