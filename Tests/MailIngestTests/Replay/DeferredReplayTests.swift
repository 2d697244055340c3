import AccountEngine
import ChainmailTestSupport
import Foundation
import Testing

/// `chainmail replay` with a key look-up that fails temporarily (`~~SERVFAIL~~` in dns.txt): the
/// mail is reported `deferred` with the cause's code, counted in the summary, and nothing is
/// recorded for it, as the service would leave it for later.
@Suite("chainmail replay: a temporary failure is reported deferred, not refused")
struct DeferredReplayTests {
    @Test("a mail whose key look-up answers SERVFAIL is {status: deferred, reason: dkim_key_lookup_failed}; the others go on")
    func servfailIsDeferred() async throws {
        let folder = try PeerProcess.temporaryDirectory("chainmail-replay-deferred")
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["01-executed-plain.eml", "26-rejected-unsigned.eml", "accounts.json", "now"] {
            try FileManager.default.copyItem(
                at: PipelineFixture.emails.appendingPathComponent(name),
                to: folder.appendingPathComponent(name)
            )
        }
        try DeferralTests.brokenDNS().write(to: folder.appendingPathComponent("dns.txt"), atomically: true, encoding: .utf8)

        let run = try await ConsentReplayCommandTests.replay([folder.path])
        let deferred = try #require(run.outcomes["01-executed-plain.eml"])
        #expect(deferred["status"]?.string == "deferred")
        #expect(deferred["reason"]?.string == "dkim_key_lookup_failed")
        #expect(deferred["message"]?.string?.contains("SERVFAIL") == true)
        #expect(run.outcomes["26-rejected-unsigned.eml"]?["reason"]?.string == "dkim_none")
        #expect(run.summary["deferred"]?.uint == 1)
        #expect(run.summary["rejected"]?.uint == 1)
        #expect(run.summary["executed"]?.uint == 0)
        #expect(run.summary["mails"]?.uint == 2)
    }
}
