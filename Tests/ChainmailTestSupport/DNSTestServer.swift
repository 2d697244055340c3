import Foundation

/// `scripts/peers/dns_server.py` running as a subprocess on a free port of 127.0.0.1.
///
/// Use ``withServer(_:port:_:)``, which always stops it. Within it a test may ``stop()`` the
/// server (DNS down: queries to its port go unanswered) and ``restart()`` it on the same port
/// (DNS back). The server also exits by itself when its standard input closes, so it cannot
/// outlive a crashed test run.
public final class DNSTestServer: @unchecked Sendable {
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The port it listens on, the same after ``restart()``.
    public let port: Int
    private let directory: URL
    private let recordsFile: URL
    private let lock = NSLock()
    private var process: ChildProcess?

    /// `"127.0.0.1@port"`, as UnboundKeyResolver takes forwarders.
    public var forwarder: String { "127.0.0.1@\(port)" }

    /// Starts a server for `zone` (on `port`, when given: a server started again where an earlier
    /// one was), runs `body`, and stops the server however `body` ends.
    public static func withServer<T>(
        _ zone: DNSTestZone,
        port: Int? = nil,
        _ body: (DNSTestServer) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-dns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let recordsFile = directory.appendingPathComponent("records.json")
        try JSONEncoder().encode(zone).write(to: recordsFile)

        let (process, boundPort) = try await launch(recordsFile, port: port)
        let server = DNSTestServer(port: boundPort, process: process, directory: directory, recordsFile: recordsFile)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    private init(port: Int, process: ChildProcess, directory: URL, recordsFile: URL) {
        self.port = port
        self.process = process
        self.directory = directory
        self.recordsFile = recordsFile
    }

    private static func launch(_ recordsFile: URL, port fixedPort: Int?) async throws -> (ChildProcess, Int) {
        let errorFile = recordsFile.deletingLastPathComponent().appendingPathComponent("stderr.txt")
        let process = try ChildProcess(
            "/usr/bin/env",
            ["python3", PackagePaths.peer("dns_server.py").path, recordsFile.path] + (fixedPort.map { [String($0)] } ?? []),
            input: .pipe,
            error: .file(errorFile.path)
        )
        // Blocking reads and waits go to threads of their own: the cooperative pool may have only two.
        let firstLine = try await ProcessRunner.onBlockingThread {
            ChildProcess.readLine(process.outputDescriptor!, upTo: .seconds(60))
        }
        guard let firstLine, let port = Int(firstLine.trimmingCharacters(in: .whitespaces)), fixedPort == nil || port == fixedPort else {
            await halt(process)
            let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            throw StartError(
                description:
                    "dns_server.py did not start on port \(fixedPort.map(String.init) ?? "any") (it printed \(firstLine ?? "nothing"); stderr: \(stderr))"
            )
        }
        return (process, port)
    }

    /// Replaces the served records; the server reads them again for every query.
    public func serve(_ zone: DNSTestZone) throws {
        try JSONEncoder().encode(zone).write(to: recordsFile, options: .atomic)
    }

    /// Stops the server and waits for it to exit; safe to call when it is not running.
    public func stop() async {
        let running = lock.withLock {
            defer { process = nil }
            return process
        }
        if let running { await Self.halt(running) }
    }

    /// Starts a stopped server again on the same port, serving the same records.
    public func restart() async throws {
        let (process, _) = try await Self.launch(recordsFile, port: port)
        let previous = lock.withLock {
            defer { self.process = process }
            return self.process
        }
        if let previous { await Self.halt(previous) }
    }

    /// Closes the server's standard input (it exits on end of file), sends SIGTERM, and
    /// after five seconds SIGKILL.
    private static func halt(_ process: ChildProcess) async {
        process.closeInput()
        _ = try? await ProcessRunner.onBlockingThread { process.stop(grace: .seconds(5)) }
    }
}
