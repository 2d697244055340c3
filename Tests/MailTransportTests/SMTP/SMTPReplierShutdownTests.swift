import ChainmailMetrics
import ChainmailTestSupport
import Foundation
import MailIngest
import MailTransport
import Testing

/// A reply in flight when `chainmail serve` is stopped (SIGTERM cancels the replier's task) is
/// finished and marked sent, so the next replier on the same outbox does not send it again.
@Suite("SMTP replier: a reply in flight at shutdown is sent once", .timeLimit(.minutes(5)))
struct SMTPReplierShutdownTests {
    @Test("cancelled while a slow server holds the DATA, the replier finishes the send and marks it sent; a new replier sends nothing again")
    func replyInFlightIsSentOnce() async throws {
        let sink = try await SMTPSinkPeer.start(arguments: ["--data-delay", "3"])
        defer { sink.cleanUp() }
        let fixture = try await PipelineFixture()
        defer { fixture.removeFiles() }
        _ = try await fixture.pipeline.process(try PipelineFixture.mail("01-executed-plain.eml"), source: .file("01"))
        let queued = try await fixture.ledger.pending(limit: 10)
        try #require(queued.count == 1, "the executed mail queued one reply")

        let configuration = sink.configuration()
        let metrics = ChainmailMetrics()
        let replier = SMTPReplier(sender: try SMTPSender(configuration: configuration), outbox: fixture.ledger, metrics: metrics)
        let running = Task { await replier.run() }
        let started = sink.outbox.appendingPathComponent("000001.started")
        let inFlight = await eventually { FileManager.default.fileExists(atPath: started.path) }
        try #require(inFlight, "the sink began holding the DATA")
        #expect(sink.received().isEmpty, "cancelled before the server accepted the message")
        running.cancel()
        await running.value

        #expect(sink.received().count == 1, "the send was finished, not cut off")
        #expect(try await fixture.ledger.pending(limit: 10).isEmpty, "and marked sent")
        #expect(metrics.componentStatuses()[.smtp]?.ready == true)

        let restarted = SMTPReplier(sender: try SMTPSender(configuration: configuration), outbox: fixture.ledger)
        let pass = await restarted.drainOnce()
        #expect(pass.attempted == 0)
        #expect(sink.received().count == 1, "not sent again after the restart")
    }

    @Test("the replier reports the SMTP server not ready with the cause when it refuses the login, ready once it accepts")
    func reportsReadiness() async throws {
        let sink = try await SMTPSinkPeer.start(arguments: ["--auth", "relay:s3cret"])
        defer { sink.cleanUp() }
        var configuration = sink.configuration(authentication: .plain(username: "relay", password: "wrong"))
        let metrics = ChainmailMetrics()
        let outbox = InMemoryOutboxStore()
        await SMTPReplier(sender: try SMTPSender(configuration: configuration), outbox: outbox, metrics: metrics).checkServer()
        let refused = metrics.componentStatuses()[.smtp]
        #expect(refused?.ready == false)
        #expect(refused?.detail.contains("smtp_auth_failed") == true, "\(refused?.detail ?? "")")
        #expect(refused?.detail.contains("127.0.0.1:\(sink.port)") == true, "\(refused?.detail ?? "")")

        configuration.authentication = .plain(username: "relay", password: "s3cret")
        await SMTPReplier(sender: try SMTPSender(configuration: configuration), outbox: outbox, metrics: metrics).checkServer()
        #expect(metrics.componentStatuses()[.smtp]?.ready == true)
        #expect(sink.received().isEmpty, "the check sends nothing")
    }
}
