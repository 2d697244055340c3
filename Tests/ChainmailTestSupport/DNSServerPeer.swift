import Foundation

/// `scripts/peers/dns_server.py` as a subprocess on 127.0.0.1, serving TXT records, that a test can
/// stop (DNS down: queries to its port go unanswered) and start again on the same port (DNS back).
/// The server also exits when its standard input closes, so it cannot outlive a crashed test run.
public final class DNSServerPeer: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The port it listens on, the same after `start()` again.
    public private(set) var port: Int = 0
    private let directory: URL
    private let recordsFile: URL
    private let lock = NSLock()
    private var process: ChildProcess?

    /// `"127.0.0.1@port"`, as UnboundKeyResolver takes forwarders.
    public var forwarder: String { "127.0.0.1@\(port)" }

    /// A server for `txtRecords` (`name` → the record's text), started on a free port.
    public static func start(txtRecords: [String: String]) async throws -> DNSServerPeer {
        let peer = try DNSServerPeer(txtRecords: txtRecords)
        try await peer.start()
        return peer
    }

    private init(txtRecords: [String: String]) throws {
        directory = try PeerProcess.temporaryDirectory("chainmail-dns-peer")
        recordsFile = directory.appendingPathComponent("records.json")
        let records: [[String: Any]] = txtRecords.sorted { $0.key < $1.key }.map { ["name": $0.key, "type": "TXT", "ttl": 300, "text": $0.value] }
        let zone: [String: Any] = ["zone": "example", "negative_ttl": 30, "records": records]
        try JSONSerialization.data(withJSONObject: zone).write(to: recordsFile)
    }

    /// Starts the server: on a free port the first time, on the same port after `stop()`.
    public func start() async throws {
        let arguments = ["python3", PackagePaths.peer("dns_server.py").path, recordsFile.path] + (port == 0 ? [] : ["\(port)"])
        let process = try ChildProcess("/usr/bin/env", arguments, input: .pipe, error: .nullDevice)
        // Blocking reads go to a thread of their own: the cooperative pool may have only two.
        let line = try await ProcessRunner.onBlockingThread { ChildProcess.readLine(process.outputDescriptor!, upTo: .seconds(60)) }
        guard let line, let port = Int(line.trimmingCharacters(in: .whitespaces)), self.port == 0 || port == self.port else {
            await Self.halt(process)
            throw Failure(description: "dns_server.py did not start on port \(self.port) (it printed \(line ?? "nothing"))")
        }
        lock.withLock {
            self.port = port
            self.process = process
        }
    }

    /// Stops the server and waits until it has exited; safe to call when it is not running.
    public func stop() async {
        let running = lock.withLock {
            defer { process = nil }
            return process
        }
        if let running { await Self.halt(running) }
    }

    public func cleanUp() async {
        await stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Closes its standard input (it exits on end of file), sends SIGTERM, and after five seconds SIGKILL.
    private static func halt(_ process: ChildProcess) async {
        process.closeInput()
        _ = try? await ProcessRunner.onBlockingThread { process.stop(grace: .seconds(5)) }
    }
}
