import ChainmailTestSupport
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// scripts/peers/jwks_server.py: a JWKS served over HTTP on 127.0.0.1 from a file the test can rewrite.
final class JWKSServer: @unchecked Sendable {
    let process: ChildProcess
    let file: URL
    private(set) var port: Int = 0

    var jwksURL: String { "http://127.0.0.1:\(port)/jwks.json" }

    init(serving jwks: [UInt8], in directory: URL) async throws {
        file = directory.appendingPathComponent("jwks-\(UUID().uuidString).json")
        try Data(jwks).write(to: file)
        process = try ChildProcess(
            "/usr/bin/env",
            ["python3", PackagePaths.peer("jwks_server.py").path, file.path],
            error: .nullDevice
        )
        // Read off the cooperative pool (see ProcessRunner).
        let output = process.outputDescriptor!
        let line = try await ProcessRunner.onBlockingThread { ChildProcess.readLine(output, upTo: .seconds(60)) } ?? ""
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            stop()
            throw PythonPeer.Failure(description: "jwks_server.py did not print its port: \(line)")
        }
        self.port = port
    }

    func serve(_ jwks: [UInt8]) throws {
        try Data(jwks).write(to: file, options: .atomic)
    }

    /// How many times the JWKS was fetched.
    func hits() async throws -> Int {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/hits")!)
        return Int(String(decoding: data, as: UTF8.self)) ?? -1
    }

    /// Kills the server and waits for it to go.
    func stop() {
        process.send(SIGKILL)
        process.waitForEnd(upTo: .seconds(60))
    }
}
