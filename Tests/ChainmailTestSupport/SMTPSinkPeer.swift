import Foundation

/// scripts/peers/smtp_sink.py (aiosmtpd) as a subprocess: STARTTLS with a certificate from a CA
/// made by scripts/peers/make_test_ca.sh, every accepted message written to a folder.
public final class SMTPSinkPeer: @unchecked Sendable {
    public let directory: URL
    public let outbox: URL
    public let caFile: String
    public private(set) var port: UInt16
    private let extraArguments: [String]
    private var process: ChildProcess?

    private init(directory: URL, port: UInt16, extraArguments: [String]) {
        self.directory = directory
        self.outbox = directory.appendingPathComponent("received")
        self.caFile = directory.appendingPathComponent("tls/ca.crt").path
        self.port = port
        self.extraArguments = extraArguments
    }

    /// A sink not started yet (port 0: pick one), so a test can first see the server down.
    public static func prepare(port: UInt16 = 0, arguments: [String] = []) async throws -> SMTPSinkPeer {
        let directory = try PeerProcess.temporaryDirectory("chainmail-smtp-sink")
        try await PeerProcess.check(["bash", PeerProcess.script("make_test_ca.sh"), directory.path])
        return SMTPSinkPeer(directory: directory, port: port, extraArguments: arguments)
    }

    public static func start(arguments: [String] = []) async throws -> SMTPSinkPeer {
        let sink = try await prepare(arguments: arguments)
        try await sink.start()
        return sink
    }

    public func start() async throws {
        let tls = directory.appendingPathComponent("tls")
        let process = try ChildProcess(
            "/usr/bin/env",
            [
                "python3", PeerProcess.script("smtp_sink.py"), "--out", outbox.path, "--port", "\(port)",
                "--tls-cert", tls.appendingPathComponent("server.crt").path,
                "--tls-key", tls.appendingPathComponent("server.key").path,
            ] + extraArguments,
            error: .nullDevice
        )
        self.process = process
        let line = try await ProcessRunner.onBlockingThread {
            ChildProcess.readLine(process.outputDescriptor!, upTo: .seconds(60))
        }
        guard let line, let value = PeerProcess.keyValues(line)["PORT"], let port = UInt16(value) else {
            stop()
            throw PeerProcess.Failure(description: "smtp_sink.py did not print its port: \(line ?? "")")
        }
        self.port = port
    }

    /// SIGTERM, then SIGKILL if it has not gone within 10 s. Returns at once: waiting here would
    /// hold one of the cooperative pool's threads, which the tests running beside it need.
    public func stop() {
        guard let process else { return }
        self.process = nil
        Thread.detachNewThread { process.stop(grace: .seconds(10)) }
    }

    public func cleanUp() {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The messages received so far, in order: (envelope JSON, exact DATA bytes).
    public func received() -> [(envelope: [String: Any], data: [UInt8])] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) ?? []
        return files.filter { $0.hasSuffix(".eml") }.sorted().compactMap { name in
            let base = outbox.appendingPathComponent(String(name.dropLast(4)))
            guard let data = try? Data(contentsOf: base.appendingPathExtension("eml")),
                let json = try? Data(contentsOf: base.appendingPathExtension("json")),
                let envelope = try? JSONSerialization.jsonObject(with: json) as? [String: Any]
            else { return nil }
            return (envelope, Array(data))
        }
    }
}
