import ChainmailTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// GET /readyz of a running `serve` knows about DNS from the start: the DNS probe at start-up
/// reports it before any mail arrives, ready when the resolver answers and not ready, with the
/// cause, when it cannot.
@Suite("chainmail serve: /readyz reports DNS before the first mail", .serialized)
struct ServeReadinessTests {
    @Test("with a DNS server that answers, /readyz is ready without any mail having arrived")
    func dnsReadyAtStart() async throws {
        let zone = DNSTestZone(zone: "example.com")
        try await DNSTestServer.withServer(zone) { dns in
            let readiness = try await readiness(dnsServers: [dns.forwarder]) { $0["status"] as? String == "ready" }
            #expect(readiness.status == 200)
            #expect((readiness.body["components"] as? [String: Any])?["dns"] as? [String: Bool] == ["ready": true])
        }
    }

    @Test("with a DNS server that never answers, /readyz is 503 naming DNS's failure, not `starting`")
    func dnsDownAtStart() async throws {
        let zone = DNSTestZone(zone: "example.com", silent: ["_domainkey.example.com"])
        try await DNSTestServer.withServer(zone) { dns in
            let readiness = try await readiness(dnsServers: [dns.forwarder]) { body in
                let dns = (body["components"] as? [String: Any])?["dns"] as? [String: Any]
                return dns?["detail"] as? String != nil && dns?["detail"] as? String != "starting"
            }
            #expect(readiness.status == 503)
            let dnsStatus = (readiness.body["components"] as? [String: Any])?["dns"] as? [String: Any]
            #expect(dnsStatus?["ready"] as? Bool == false)
            #expect((dnsStatus?["detail"] as? String)?.contains("_domainkey.example.com") == true, "\(dnsStatus ?? [:])")
        }
    }

    /// Starts `serve` with HTTP and the given DNS servers (no DNSSEC), waits for the port it reports, polls GET /readyz until
    /// `until` holds for its body (60 s at most), stops serve, and returns the last answer.
    private func readiness(
        dnsServers: [String],
        until: @escaping ([String: Any]) -> Bool
    ) async throws -> (status: Int, body: [String: Any]) {
        let folder = try WorkFolder("chainmail-readyz")
        let config = try folder.write(
            "chainmail.yaml",
            """
            dataDirectory: \(folder.path("data"))
            email:
              address: wallet@example.com
            dns:
              servers: [\(dnsServers.map { "\"\($0)\"" }.joined(separator: ", "))]
              trustAnchorFile: none
              timeoutSeconds: 2
            http:
              port: 0
              serviceMailbox: wallet@example.com
            """
        )
        _ = try await ChainmailExecutable.check(["init", "--config", config])
        let log = folder.path("serve.log")
        let running = try ChildProcess(ChainmailExecutable.path, ["serve", "--config", config], output: .file(log), error: .standardOutput)
        defer { running.stop() }
        let deadline = ContinuousClock.now + .seconds(60)
        var last: (status: Int, body: [String: Any]) = (0, [:])
        var url: URL?
        while ContinuousClock.now < deadline {
            if url == nil, let port = Self.boundPort(inLog: log) { url = URL(string: "http://127.0.0.1:\(port)/readyz") }
            if let url, let (data, response) = try? await URLSession.shared.data(from: url), let http = response as? HTTPURLResponse,
                let body = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            {
                last = (http.statusCode, body)
                if until(body) { return last }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let serveLog = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        Issue.record("GET /readyz never reached the expected state; last: \(last.status) \(last.body); log:\n\(serveLog)")
        return last
    }

    /// The port `serve` reports in its "http listening" line (the configuration asks for port 0,
    /// so no other test can take it between choosing and binding).
    private static func boundPort(inLog log: String) -> Int? {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.contains("http listening") }),
            let match = line.firstMatch(of: /port=(\d+)/)
        else { return nil }
        return Int(match.1)
    }
}
