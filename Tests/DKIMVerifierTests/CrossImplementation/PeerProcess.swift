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
        let stdoutURL = directory.appendingPathComponent("peer.stdout")
        let stderrURL = directory.appendingPathComponent("peer.stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdout.close()
            try? stderr.close()
        }

        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try process.runWithoutInheritedDescriptors()

        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                process.waitUntilExit()
                throw PeerProcessError(code: "peer_timeout", description: "\(program.path) \(arguments) ran longer than \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let errors = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            throw PeerProcessError(
                code: "peer_failed",
                description: "\(program.path) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus):\n\(errors)"
            )
        }
    }
}
