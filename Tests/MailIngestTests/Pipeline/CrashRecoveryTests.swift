import AccountEngine
import ChainmailTestSupport
import DKIMVerifier
import Foundation
import MailIngest
import Synchronization
import Testing

/// A ledger whose first `record` fails, as if the process died after the execution committed and
/// before the mail's outcome was written.
final class FailingOnceLedger: MailLedger, Sendable {
    let inner: any MailLedger
    private let failed = Mutex(false)

    init(_ inner: any MailLedger) {
        self.inner = inner
    }

    struct Crash: Error {}

    func outcome(redeliveryKey: String) async throws -> MailOutcome? { try await inner.outcome(redeliveryKey: redeliveryKey) }

    func record(_ outcome: MailOutcome, redeliveryKey: String?, reply: OutgoingMail?) async throws {
        let first = failed.withLock { failed in
            defer { failed = true }
            return !failed
        }
        if first { throw Crash() }
        try await inner.record(outcome, redeliveryKey: redeliveryKey, reply: reply)
    }

    func deferral(redeliveryKey: String) async throws -> DeferredMail? { try await inner.deferral(redeliveryKey: redeliveryKey) }

    func recordDeferral(redeliveryKey: String, reason: String, now: Date, policy: EmailPolicy) async throws -> DeferredMail {
        try await inner.recordDeferral(redeliveryKey: redeliveryKey, reason: reason, now: now, policy: policy)
    }

    func recordDelayNotice(redeliveryKey: String, notice: OutgoingMail, now: Date) async throws -> Bool {
        try await inner.recordDelayNotice(redeliveryKey: redeliveryKey, notice: notice, now: now)
    }

    func latestRejection(txHash: String) async throws -> (code: String, message: String)? { try await inner.latestRejection(txHash: txHash) }
}

@Suite("Crash between execution and record")
struct CrashRecoveryTests {
    @Test("a mailbox message executed just before a crash is not executed again when handed over again, and is answered once")
    func redeliveryAfterCrash() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.removeFiles() }
        let now = fixture.now
        let pipeline = MailPipeline(
            engine: fixture.engine,
            keyResolver: try StaticKeyResolver(fakeDNSFile: PipelineFixture.emails.appendingPathComponent("dns.txt").path),
            ledger: FailingOnceLedger(fixture.ledger),
            serviceAddress: "wallet@chainmail.test",
            now: { now }
        )
        let source = MailSource.imap(mailbox: "INBOX", uidValidity: 1, uid: 9)
        let mail = try PipelineFixture.mail("01-executed-plain.eml")
        // The ledger's failure is not the mail's fault: thrown as the store being unavailable.
        let crash = await #expect(throws: EngineError.self) { try await pipeline.process(mail, source: source) }
        #expect(crash?.code == "store_unavailable")
        #expect(try await fixture.engine.account(id: "alice").nonce == 1)

        let outcome = try await pipeline.process(mail, source: source)
        #expect(outcome.status == .executed)
        #expect(outcome.result?["results"]?.arrayValue?.count == 1)
        #expect(try await fixture.engine.account(id: "alice").nonce == 1)
        #expect(try await fixture.ledger.pending(limit: 10).count == 1)

        // The same mail from anywhere else is a replay.
        let replay = try await pipeline.process(mail, source: .api)
        #expect(replay.rejection?.code.name == "email_replayed")
    }
}
