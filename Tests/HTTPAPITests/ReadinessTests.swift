import AccountEngine
import ChainmailMetrics
import ChainmailTestSupport
import Foundation
import HTTPAPI
import MailTransport
import Testing

@Suite("GET /readyz reflects the store, the signer and the components this process runs; /healthz stays liveness", .timeLimit(.minutes(5)))
struct ReadinessTests {
    @Test("with only the store and the signer, /readyz answers 200 ready with both, checked at the request")
    func storeAndSignerReady() async throws {
        try await withLiveServer { server in
            let answer = try await APIClient(server).get("/readyz")
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.text == #"{"status":"ready","components":{"store":{"ready":true},"signer":{"ready":true}}}"#)
        }
    }

    @Test("a configured component that has not reported is not ready (starting); its report makes it ready; a failure names the cause")
    func startingThenReported() async throws {
        try await withLiveServer(readinessComponents: [.smtp, .dns]) { server in
            let client = APIClient(server)
            let starting = try await client.get("/readyz")
            #expect(starting.status == 503)
            #expect(starting.json?["status"]?.string == "not_ready")
            #expect(starting.json?["components"]?["smtp"]?["detail"]?.string == "starting")
            #expect(starting.json?["components"]?["dns"]?["ready"]?.bool == false)
            #expect(starting.json?["components"]?["imap"] == nil, "imap is not configured: not listed")

            server.metrics.recordComponent(.smtp, ready: true)
            server.metrics.recordComponent(.dns, ready: false, detail: "SERVFAIL for example.org")
            let dnsDown = try await client.get("/readyz")
            #expect(dnsDown.status == 503)
            #expect(dnsDown.json?["components"]?["smtp"]?.canonicalText == #"{"ready":true}"#)
            #expect(dnsDown.json?["components"]?["dns"]?["detail"]?.string == "SERVFAIL for example.org")
            #expect(dnsDown.json?["components"]?["dns"]?["since"]?.string?.hasPrefix("20") == true)
            #expect(try await client.get("/healthz").status == 200, "liveness does not depend on DNS")

            server.metrics.recordComponent(.dns, ready: true)
            #expect(try await client.get("/readyz").status == 200)
        }
    }

    @Test("a component that stays down keeps the time it went down as since")
    func sinceKeepsTheFirstFailure() {
        let metrics = ChainmailMetrics()
        metrics.recordComponent(.imap, ready: false, detail: "first")
        let first = metrics.componentStatuses()[.imap]
        metrics.recordComponent(.imap, ready: false, detail: "second")
        let second = metrics.componentStatuses()[.imap]
        #expect(second?.since == first?.since)
        #expect(second?.detail == "second")
        metrics.recordComponent(.imap, ready: true)
        #expect(metrics.componentStatuses()[.imap]?.ready == true)
        #expect(metrics.exposition().count > 0)
        #expect(String(decoding: metrics.exposition(), as: UTF8.self).contains(#"chainmail_component_ready{component="imap"} 1"#))
    }

    @Test("while Dovecot refuses the password /healthz says 200 but /readyz 503 with the IMAP cause; with the right password /readyz says 200")
    func imapLoginRefusedThenWorks() async throws {
        try await withLiveServer(readinessComponents: [.imap]) { server in
            try await withDovecot { dovecot in
                let client = APIClient(server)
                var wrong = dovecot.pollerConfiguration
                wrong.password = "not-the-password"
                let refused = try IMAPPoller(configuration: wrong, handler: server.pipeline, checkpoints: server.ledger, metrics: server.metrics)
                let refusing = Task { await refused.run() }
                let sawCause = await eventually {
                    let answer = try? await client.get("/readyz")
                    return answer?.json?["components"]?["imap"]?["detail"]?.string?.contains("imap_login_failed") == true
                }
                let notReady = try await client.get("/readyz")
                refusing.cancel()
                await refusing.value
                #expect(sawCause, "\(notReady.text)")
                #expect(notReady.status == 503)
                #expect(notReady.json?["status"]?.string == "not_ready")
                let detail = notReady.json?["components"]?["imap"]?["detail"]?.string ?? ""
                #expect(detail.contains("login refused by 127.0.0.1:\(dovecot.imapsPort)"), "\(detail)")
                #expect(try await client.get("/healthz").status == 200, "liveness: the process and its store are fine")

                let working = try IMAPPoller(
                    configuration: dovecot.pollerConfiguration,
                    handler: server.pipeline,
                    checkpoints: server.ledger,
                    metrics: server.metrics
                )
                let polling = Task { await working.run() }
                let ready = await eventually { (try? await client.get("/readyz"))?.status == 200 }
                let answer = try await client.get("/readyz")
                polling.cancel()
                await polling.value
                #expect(ready, "\(answer.text)")
                #expect(answer.text == #"{"status":"ready","components":{"store":{"ready":true},"signer":{"ready":true},"imap":{"ready":true}}}"#)
            }
        }
    }
}
