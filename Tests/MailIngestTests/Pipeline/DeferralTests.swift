import AccountEngine
import ChainmailMetrics
import ChainmailTestSupport
import DKIMVerifier
import Foundation
import MailIngest
import Synchronization
import Testing

/// A temporary failure never consumes a mail (issue 13): the pipeline over the fixtures of
/// testdata/emails with the signing key's look-up answering SERVFAIL (the FAKE_DNS.dat value
/// `~~SERVFAIL~~`), then the real key, on one ledger and one clock the test moves.
@Suite("Pipeline: a mail whose DKIM key look-up fails temporarily is left for later, then handled once")
struct DeferralTests {
    final class TestClock: Sendable {
        private let date: Mutex<Date>
        init(_ start: Date) { date = Mutex(start) }
        var now: Date { date.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { date.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    static let plain = "01-executed-plain.eml"

    /// testdata/emails/dns.txt with the key of example.com's selector s2026 answering SERVFAIL.
    static func brokenDNS() throws -> String {
        let text = try String(contentsOf: PipelineFixture.emails.appendingPathComponent("dns.txt"), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("s2026._domainkey.example.com ") ? "s2026._domainkey.example.com ~~SERVFAIL~~" : String(line)
        }.joined(separator: "\n")
    }

    static func pipeline(
        _ fixture: PipelineFixture,
        dns: String,
        clock: TestClock,
        policy: EmailPolicy = EmailPolicy(),
        metrics: ChainmailMetrics = ChainmailMetrics()
    ) -> MailPipeline {
        MailPipeline(
            engine: fixture.engine,
            keyResolver: StaticKeyResolver(fakeDNSText: dns),
            ledger: fixture.ledger,
            policy: policy,
            serviceAddress: "wallet@chainmail.test",
            metrics: metrics,
            now: { clock.now }
        )
    }

    static func realDNS() throws -> String {
        try String(contentsOf: PipelineFixture.emails.appendingPathComponent("dns.txt"), encoding: .utf8)
    }

    @Test(
        "POST-like processing throws dkim_key_lookup_failed (category unavailable) and records nothing: no outcome, no reply, no execution",
        arguments: PipelineFixture.Store.allCases
    )
    func processThrowsAndRecordsNothing(_ store: PipelineFixture.Store) async throws {
        let fixture = try await PipelineFixture(store: store)
        defer { fixture.removeFiles() }
        let metrics = ChainmailMetrics()
        let pipeline = Self.pipeline(fixture, dns: try Self.brokenDNS(), clock: TestClock(fixture.now), metrics: metrics)
        let mail = try PipelineFixture.mail(Self.plain)
        for source in [MailSource.api, .file("01.eml"), .imap(mailbox: "INBOX", uidValidity: 1, uid: 1)] {
            do {
                _ = try await pipeline.process(mail, source: source)
                Issue.record("\(source): the mail was not left for later")
            } catch let error as EngineError {
                #expect(error.code == "dkim_key_lookup_failed")
                #expect(error.category == .unavailable)
            }
        }
        #expect(try await fixture.ledger.pending(limit: 10).isEmpty)
        #expect(try await fixture.ledger.outcome(redeliveryKey: MailSource.imap(mailbox: "INBOX", uidValidity: 1, uid: 1).redeliveryKey!) == nil)
        #expect(try await fixture.engine.account(id: "alice").nonce == 0)
        #expect(metrics.componentStatuses()[.dns]?.ready == false)

        // DNS back: the same mail executes, and DNS reads ready again.
        let healed = Self.pipeline(fixture, dns: try Self.realDNS(), clock: TestClock(fixture.now), metrics: metrics)
        #expect(try await healed.process(mail, source: .api).status == .executed)
        #expect(metrics.componentStatuses()[.dns]?.ready == true)
    }

    @Test(
        "IMAP: retryLater with a durable deferral, no retry before it is due (10 s doubling), one delay notice, then executed and answered once",
        arguments: PipelineFixture.Store.allCases
    )
    func imapDeferralBackoffNoticeAndRecovery(_ store: PipelineFixture.Store) async throws {
        let fixture = try await PipelineFixture(store: store)
        defer { fixture.removeFiles() }
        let clock = TestClock(fixture.now)
        var policy = EmailPolicy()
        policy.delayNoticeSeconds = 900
        let broken = Self.pipeline(fixture, dns: try Self.brokenDNS(), clock: clock, policy: policy)
        let message = FetchedMail(mailbox: "INBOX", uidValidity: 3, uid: 5, raw: try PipelineFixture.mail(Self.plain))
        let key = MailSource.imap(mailbox: "INBOX", uidValidity: 3, uid: 5).redeliveryKey!

        #expect(await broken.handle(message) == .retryLater)
        let first = try #require(try await fixture.ledger.deferral(redeliveryKey: key))
        #expect(first.attempts == 1)
        #expect(first.reason == "dkim_key_lookup_failed")
        #expect(first.nextAttemptAt == clock.now.addingTimeInterval(10))
        #expect(!first.noticeSent)

        // Offered again before it is due: not handled again.
        clock.advance(5)
        #expect(await broken.handle(message) == .retryLater)
        #expect(try await fixture.ledger.deferral(redeliveryKey: key)?.attempts == 1)

        clock.advance(5)
        #expect(await broken.handle(message) == .retryLater)
        let second = try #require(try await fixture.ledger.deferral(redeliveryKey: key))
        #expect(second.attempts == 2)
        #expect(second.nextAttemptAt == clock.now.addingTimeInterval(20))
        #expect(second.firstDeferredAt == first.firstDeferredAt)
        #expect(try await fixture.ledger.pending(limit: 10).isEmpty, "no notice before delayNoticeSeconds")

        // Past delayNoticeSeconds: one notice, threaded, saying nothing of any account; never a second.
        for _ in 0..<3 {
            clock.advance(1000)
            #expect(await broken.handle(message) == .retryLater)
        }
        let notices = try await fixture.ledger.pending(limit: 10)
        try #require(notices.count == 1)
        #expect(notices[0].to == ["alice@example.com"])
        let notice = String(decoding: notices[0].data, as: UTF8.self)
        #expect(notice.contains("\r\nIn-Reply-To: <a4a789e8f53b44b6@mail.test>\r\n"))
        #expect(notice.contains("\r\nSubject: Re: "))
        #expect(notice.contains("cannot be handled yet"))
        #expect(notice.contains("status: delayed"))
        #expect(!notice.contains("account"), "the notice says nothing about any account")
        #expect(try await fixture.ledger.deferral(redeliveryKey: key)?.noticeSent == true)
        #expect(try await fixture.engine.account(id: "alice").nonce == 0)

        // DNS back, more than maximumAgeSeconds after the mail arrived: its age counts from its
        // arrival, so it executes; once; the deferral is gone; one more reply, the outcome's.
        clock.advance(400)
        let healed = Self.pipeline(fixture, dns: try Self.realDNS(), clock: clock, policy: policy)
        #expect(await healed.handle(message) == .done)
        #expect(try await fixture.engine.account(id: "alice").nonce == 1)
        #expect(try await fixture.ledger.deferral(redeliveryKey: key) == nil)
        #expect(try await fixture.ledger.outcome(redeliveryKey: key)?.status == .executed)
        #expect(await healed.handle(message) == .done)
        #expect(try await fixture.engine.account(id: "alice").nonce == 1)
        let replies = try await fixture.ledger.pending(limit: 10)
        #expect(replies.count == 2)
        #expect(replies.filter { String(decoding: $0.data, as: UTF8.self).contains("status: executed") }.count == 1)
    }

    @Test("the retry delay doubles from retryFirstSeconds up to retryMaximumSeconds")
    func retryDelays() {
        var policy = EmailPolicy()
        #expect((1...8).map { policy.retryDelay(afterAttempts: $0) } == [10, 20, 40, 80, 160, 300, 300, 300])
        policy.retryMaximumSeconds = 60
        #expect((1...5).map { policy.retryDelay(afterAttempts: $0) } == [10, 20, 40, 60, 60])
    }
}
