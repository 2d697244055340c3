import ChainmailTestSupport
import Foundation
import MailIngest
import MailTransport
import Testing

@Suite("metrics: a mail that came in by IMAP is counted on the /metrics the API serves", .timeLimit(.minutes(5)))
struct IMAPMetricsTests {
    @Test("a mail polled from Dovecot by the poller over the server's pipeline shows on GET /metrics as source imap, with the poller's lag")
    func imapMailCounted() async throws {
        try await withLiveServer { server in
            try await withDovecot { dovecot in
                let poller = try IMAPPoller(
                    configuration: dovecot.pollerConfiguration,
                    handler: server.pipeline,
                    checkpoints: server.ledger,
                    metrics: server.metrics
                )
                // No DKIM signature: the pipeline refuses it with dkim_none and records that.
                let unsigned = Array(
                    """
                    From: alice@example.org\r
                    To: \(LiveServer.serviceMailbox)\r
                    Subject: approve\r
                    Date: \(Self.now)\r
                    Message-ID: <\(UUID().uuidString)@example.org>\r
                    \r
                    hello\r

                    """.utf8
                )
                try await dovecot.append([unsigned])
                let task = Task { await poller.run() }
                let client = APIClient(server)
                let counted = await eventually {
                    let text = (try? await client.get("/metrics").text) ?? ""
                    return text.contains(#"chainmail_dkim_results_total{source="imap",result="dkim_none"} 1"#)
                }
                task.cancel()
                await task.value
                let metrics = try await client.get("/metrics").text
                #expect(counted, "\(metrics)")
                #expect(metrics.contains("# TYPE chainmail_imap_lag_seconds gauge"), "\(metrics)")
                let state = try await dovecot.state()
                #expect(state.messages.values.allSatisfy { $0.contains(IMAPAfterProcessing.defaultKeyword) })
            }
        }
    }

    static var now: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        return formatter.string(from: Date())
    }
}
