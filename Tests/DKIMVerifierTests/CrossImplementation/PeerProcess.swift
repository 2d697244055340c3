import ChainmailTestSupport
import Foundation

/// Why a peer program could not produce its corpus.
struct PeerProcessError: Error, CustomStringConvertible {
    let code: String
    let description: String
}

/// Runs the independent DKIM peers (Python and Perl programs from PyPI and Debian) as subprocesses.
enum PeerProcess {
    /// The full path of a program on PATH; a missing peer is an error, never a silent skip.
    static func executable(_ name: String) throws -> URL {
        if name.hasPrefix("/") {
            guard FileManager.default.isExecutableFile(atPath: name) else {
                throw PeerProcessError(code: "peer_missing", description: "\(name) is not installed: run scripts/setup.sh")
            }
            return URL(fileURLWithPath: name)
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw PeerProcessError(code: "peer_missing", description: "\(name) is not on PATH (\(path)): run scripts/setup.sh")
    }

    /// Runs a program to completion with its output in files (so a chatty peer cannot fill a pipe and stall),
    /// and throws with its stderr if it fails or outlives `timeout`.
    static func run(_ program: URL, _ arguments: [String], workingIn directory: URL, timeout: Duration = .seconds(300)) async throws {
        let stderrURL = directory.appendingPathComponent("peer.stderr")
        let process = try ChildProcess(
            program.path,
            arguments,
            workingDirectory: directory.path,
            output: .file(directory.appendingPathComponent("peer.stdout").path),
            error: .file(stderrURL.path)
        )
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                _ = try? await ProcessRunner.onBlockingThread { process.stop() }
                throw PeerProcessError(code: "peer_timeout", description: "\(program.path) \(arguments) ran longer than \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard process.ended == .exited(0) else {
            let errors = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            throw PeerProcessError(
                code: "peer_failed",
                description: "\(program.path) \(arguments.joined(separator: " ")) ended with \(String(describing: process.ended)):\n\(errors)"
            )
        }
    }
}
