import AccountEngine
import ChainmailTestSupport
import Crypto
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One `chainmail serve` process configured with `signer.kind: near-mpc` against an MPC stand-in,
/// HTTP on a port of its choosing, replies to an SMTP sink, and one DKIM-signed approval mail
/// from alice@example.com (made by dkimpy, its key in the static DNS file), alice's account
/// holding that address's OIDC identity.
final class ServeNEARMPCRun: @unchecked Sendable {
    struct ApprovalMail {
        let bytes: [UInt8]
        let txHash: String
        let payload: String
        let messageID: String
    }

    let work: URL
    let config: URL
    let sink: SMTPSinkPeer
    private var process: ServeProcess?
    private var runs = 0
    private(set) var port = 0

    private init(work: URL, config: URL, sink: SMTPSinkPeer) {
        self.work = work
        self.config = config
        self.sink = sink
    }

    static func with(_ standIn: MPCStandIn, _ body: (ServeNEARMPCRun) async throws -> Void) async throws {
        let binary = PackagePaths.root.appendingPathComponent(".build/debug/chainmail").path
        let work = try PeerProcess.temporaryDirectory("chainmail-serve-mpc")
        let sink = try await SMTPSinkPeer.start()
        defer {
            sink.cleanUp()
            try? FileManager.default.removeItem(at: work)
        }
        let mails = work.appendingPathComponent("mails")
        _ = try await PeerProcess.check([
            "python3", PeerProcess.script("sign_approvals.py"), "--out", mails.path, "--count", "1",
            "--account", "alice", "--sender", "alice@example.com",
        ])
        let data = work.appendingPathComponent("data").path
        let config = work.appendingPathComponent("config.yaml")
        try """
        dataDirectory: \(data)
        predecessor: \(MPCStandIn.predecessor)
        logLevel: info
        signer:
          kind: near-mpc
          rootPublicKey: \(standIn.rootPublicKey)
          waitSeconds: 30
        near:
          rpcURL: \(standIn.peer.rpcURL)
          keyFile: \(standIn.peer.path("full.json"))
          mpcContract: \(MPCStandIn.contract)
          signGas: 300000000000000
          requestTimeoutSeconds: 10
        \(ServeMailSettings.yaml(dnsFile: mails.appendingPathComponent("dns.txt").path, sink: sink))
        http:
          port: 0
          serviceMailbox: wallet@chainmail.test
          rateLimit:
            requestsPerMinute: 0
            burst: 1000
          limits:
            accountsPerClientPerHour: 1000
            preparedTransactionsPerClientPerHour: 1000
        """.write(to: config, atomically: true, encoding: .utf8)
        _ = try await PeerProcess.check([binary, "init", "--config", config.path])
        let run = ServeNEARMPCRun(work: work, config: config, sink: sink)
        try await run.start()
        defer { Task { [run] in await run.kill() } }
        let alice = #"{"type":"OIDC","value":{"issuer":"https://accounts.google.com","clientId":"chainmail-live","email":"alice@example.com"}}"#
        try await run.createAccount("alice", identity: try AuthIdentity(json: try StrictJSONParser().parse(alice)))
        try await body(run)
        await run.kill()
    }

    /// Starts serve (again) and waits for the HTTP port it reports.
    func start() async throws {
        runs += 1
        let log = work.appendingPathComponent("serve-\(runs).log")
        let binary = PackagePaths.root.appendingPathComponent(".build/debug/chainmail").path
        process = try ServeProcess(binary: binary, config: config.path, log: log)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.contains("http listening") }),
                let match = line.firstMatch(of: /port=(\d+)/), let port = Int(match.1)
            {
                self.port = port
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw PeerProcess.Failure(description: "serve did not listen: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
    }

    /// SIGKILL, as a crash would stop it.
    func kill() async {
        guard let process else { return }
        self.process = nil
        await process.kill()
    }

    /// The approval mail made at set-up: alice@example.com approves her account's nonce 0, a
    /// CallChainSig of sign_approvals.py's payload SHA-256("payload-0").
    func approvalMail() throws -> ApprovalMail {
        let folder = work.appendingPathComponent("mails")
        let name = try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".eml") } ?? ""
        let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
        let payload = SHA256Hex.of("payload-0")
        let transaction = TransactionText.make("alice", nonce: 0, [TransactionText.callChainSig(payload: payload)])
        return ApprovalMail(
            bytes: bytes,
            txHash: try StrictJSONParser().parse(transaction).canonicalSHA256.hexString,
            payload: payload,
            messageID: ServeProcessTests.header("Message-ID", in: bytes) ?? ""
        )
    }

    func createAccount(_ accountId: String, identity: AuthIdentity) async throws {
        let body = JSONValue.object(["accountId": .string(accountId), "authIdentity": identity.json]).compactText
        let answer = try await post("/v1/accounts", json: body)
        guard answer.status == 201 else { throw PeerProcess.Failure(description: "account \(accountId): \(answer)") }
    }

    /// The result of `txHash` once GET /v1/transactions/{txHash} says executed (60 s at most).
    func executedResult(txHash: String) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(60)
        var last: (status: Int, json: [String: Any]) = (0, [:])
        while ContinuousClock.now < deadline {
            last = try await get("/v1/transactions/\(txHash)")
            if last.json["status"] as? String == "executed", let results = (last.json["result"] as? [String: Any])?["results"] as? [[String: Any]],
                let first = results.first
            {
                return first
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw PeerProcess.Failure(description: "\(txHash) never executed: \(last)")
    }

    /// The replies the sink received to the mail `messageID`, as text.
    func replies(to messageID: String) -> [String] {
        sink.received().filter { ServeProcessTests.header("In-Reply-To", in: $0.data) == messageID }
            .map { String(decoding: $0.data, as: UTF8.self) }
    }

    /// ExecuteArgs JSON text of `transaction` approved by `proof`.
    static func executeArgs(_ transaction: String, _ proof: ApprovalProof) throws -> String {
        guard case .messageSignature(let signature) = proof.evidence else { throw PeerProcess.Failure(description: "not a message signature") }
        return JSONValue.object(
            JSONObject([
                .init(key: "transaction", value: try StrictJSONParser().parse(transaction)),
                .init(key: "authIdentity", value: proof.authIdentity.json),
                .init(key: "message", value: .string(proof.message)),
                .init(key: "messageSignature", value: .string(signature)),
            ])
        ).compactText
    }

    func post(_ path: String, json: String) async throws -> (status: Int, json: [String: Any]) {
        try await post(path, body: Array(json.utf8), contentType: "application/json")
    }

    func post(_ path: String, body: [UInt8], contentType: String) async throws -> (status: Int, json: [String: Any]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        request.timeoutInterval = 120
        return try await send(request)
    }

    func get(_ path: String) async throws -> (status: Int, json: [String: Any]) {
        try await send(URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!))
    }

    private func send(_ request: URLRequest) async throws -> (status: Int, json: [String: Any]) {
        let (data, response) = try await URLSession.shared.data(for: request)
        let json = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? ["body": String(decoding: data, as: UTF8.self)]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, json)
    }
}

/// SHA-256 in hex, as sign_approvals.py makes its payloads.
enum SHA256Hex {
    static func of(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
