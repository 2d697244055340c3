import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// scripts/peers/near_rpc.py as a subprocess: a NEAR JSON-RPC node and MPC signer contract that
/// checks what it is sent with code of its own (borsh-construct, PyNaCl, coincurve).
///
/// The configuration is the JSON object its docstring describes. `stop()` then `start()` again
/// brings it back on the same port; with a `state_file` in the configuration it continues the
/// same chain (nonces, transactions, a signature still pending), as a node restarted would.
public final class NEARRPCPeer: @unchecked Sendable {
    public let directory: URL
    public private(set) var port: UInt16
    private let configFile: URL
    private var process: ChildProcess?

    /// The JSON-RPC endpoint, as `near.rpcURL` names it.
    public var rpcURL: String { "http://127.0.0.1:\(port)" }

    /// Writes `configuration` and starts the stand-in on a free port.
    public init(configuration: [String: Any]) async throws {
        directory = try PeerProcess.temporaryDirectory("chainmail-near-rpc")
        configFile = directory.appendingPathComponent("near.json")
        port = 0
        try JSONSerialization.data(withJSONObject: configuration, options: [.sortedKeys]).write(to: configFile)
        try await start()
    }

    /// A path inside the peer's folder, for a `state_file` or a key file.
    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Runs `body` with a started stand-in, then stops it and removes its folder.
    public static func withPeer<T>(
        configuration: [String: Any],
        _ body: (NEARRPCPeer) async throws -> T
    ) async throws -> T {
        let peer = try await NEARRPCPeer(configuration: configuration)
        defer { peer.cleanUp() }
        return try await body(peer)
    }

    /// Starts it (again) on `port` (0 the first time: it picks one and prints it).
    public func start() async throws {
        let process = try ChildProcess(
            "/usr/bin/env",
            ["python3", PeerProcess.script("near_rpc.py"), configFile.path, "\(port)"],
            input: .pipe,
            error: .file(directory.appendingPathComponent("stderr.log").path)
        )
        self.process = process
        let line = try await ProcessRunner.onBlockingThread {
            ChildProcess.readLine(process.outputDescriptor!, upTo: .seconds(60))
        }
        guard let line, let port = UInt16(line.trimmingCharacters(in: .whitespaces)) else {
            stop()
            throw PeerProcess.Failure(description: "near_rpc.py did not print its port: \(line ?? "") \(stderrText)")
        }
        self.port = port
    }

    /// Its standard error so far (Python tracebacks), for a failing test's message.
    public var stderrText: String {
        (try? String(contentsOf: directory.appendingPathComponent("stderr.log"), encoding: .utf8)) ?? ""
    }

    /// Whether the process is still running (false after `die` or `die_on`).
    public var isRunning: Bool { process?.isRunning ?? false }

    /// SIGTERM, then SIGKILL; returns at once (the waiting happens on a thread of its own).
    public func stop() {
        guard let process else { return }
        self.process = nil
        process.closeInput()
        Thread.detachNewThread { process.stop(grace: .seconds(10)) }
    }

    public func cleanUp() {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// POST /control: slowness, time-outs, errors, wrong signatures, death (see near_rpc.py).
    @discardableResult
    public func control(_ command: [String: Any]) async throws -> [String: Any] {
        try await request("/control", body: try JSONSerialization.data(withJSONObject: command))
    }

    /// GET /stats: what it received, accepted and signed, nonce use per access key.
    public func stats() async throws -> [String: Any] {
        try await request("/stats", body: nil)
    }

    /// One JSON-RPC call; the whole answer object (`result` or `error`).
    public func rpc(_ method: String, _ params: [String: Any]) async throws -> [String: Any] {
        let body: [String: Any] = ["jsonrpc": "2.0", "id": "test", "method": method, "params": params]
        return try await request("/", body: try JSONSerialization.data(withJSONObject: body))
    }

    /// The MPC contract's `public_key` view: `secp256k1:<base58 of the 64-byte key>`.
    public func rootPublicKey(contract: String = "v1.signer-prod.testnet") async throws -> String {
        let answer = try await rpc(
            "query",
            ["request_type": "call_function", "account_id": contract, "method_name": "public_key", "args_base64": "e30=", "finality": "final"]
        )
        guard let result = answer["result"] as? [String: Any], let bytes = result["result"] as? [Int],
            let text = try JSONSerialization.jsonObject(with: Data(bytes.map { UInt8($0) }), options: .fragmentsAllowed) as? String
        else { throw PeerProcess.Failure(description: "no public_key in \(answer)") }
        return text
    }

    private func request(_ path: String, body: Data?) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: rpcURL + path)!)
        request.timeoutInterval = 30
        if let body {
            request.httpMethod = "POST"
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw PeerProcess.Failure(description: "near_rpc.py answered \(String(decoding: data, as: UTF8.self)) to \(path)")
        }
        return object
    }
}
