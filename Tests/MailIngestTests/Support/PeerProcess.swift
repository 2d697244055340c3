import Foundation
import MailIngest

/// Runs the peer scripts under scripts/peers as subprocesses, off the cooperative pool.
enum PeerProcess {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // MailIngestTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static func script(_ name: String) -> String {
        packageRoot.appendingPathComponent("scripts/peers/\(name)").path
    }

    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private static let lane = BlockingLane(label: "chainmail.tests.peers")

    /// Runs `arguments[0]` with the rest, waits for it, returns its output.
    static func run(_ arguments: [String]) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                    process.arguments = arguments
                    let out = Pipe()
                    let err = Pipe()
                    process.standardOutput = out
                    process.standardError = err
                    // Process.waitUntilExit spins a run loop on Linux; a semaphore just sleeps.
                    let exited = DispatchSemaphore(value: 0)
                    process.terminationHandler = { _ in exited.signal() }
                    try process.run()
                    // Read before waiting so a chatty child cannot fill the pipe and stall.
                    let stdout = out.fileHandleForReading.readDataToEndOfFile()
                    let stderr = err.fileHandleForReading.readDataToEndOfFile()
                    exited.wait()
                    continuation.resume(
                        returning: Output(
                            status: process.terminationStatus,
                            stdout: String(decoding: stdout, as: UTF8.self),
                            stderr: String(decoding: stderr, as: UTF8.self)
                        )
                    )
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Like `run`, but a non-zero exit is an error carrying stderr.
    @discardableResult
    static func check(_ arguments: [String]) async throws -> String {
        let output = try await run(arguments)
        guard output.status == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) exited \(output.status): \(output.stderr)\(output.stdout)")
        }
        return output.stdout
    }

    /// KEY=VALUE lines as printed by the peer scripts.
    static func keyValues(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }

    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Polls `condition` until it holds or `timeout` passes (generous by default: two shared cores).
func eventually(
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
func freeTCPPort() async throws -> UInt16 {
    let output = try await PeerProcess.check([
        "python3", "-c",
        "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()",
    ])
    guard let port = UInt16(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw PeerProcess.Failure(description: "no port in \(output)")
    }
    return port
}
