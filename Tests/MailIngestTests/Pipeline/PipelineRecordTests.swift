import AccountEngine
import ChainmailTestSupport
import DKIMVerifier
import Foundation
import Synchronization
import Testing

@testable import MailIngest

@Suite("Where an executed mail's record is written")
struct PipelineRecordTests {
    @Test("with the ledger in the store's database, a mailbox message's outcome and reply come with its execution's commit")
    func recordJoinsTheCommit() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.removeFiles() }
        #expect(fixture.pipeline.recordsWithExecution)
        let source = MailSource.imap(mailbox: "INBOX", uidValidity: 7, uid: 1)
        let outcome = try await fixture.pipeline.process(try PipelineFixture.mail("01-executed-plain.eml"), source: source)
        #expect(outcome.status == .executed)
        let recorded = try await fixture.ledger.outcome(redeliveryKey: source.redeliveryKey!)
        #expect(recorded?.status == .executed)
        #expect(recorded?.txHash == outcome.txHash)
        #expect(try await fixture.ledger.pending(limit: 10).count == 1)
    }

    @Test("the replier is woken for each reply queued, and not for a mail that gets none")
    func replierIsWokenForReplies() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.removeFiles() }
        let wakes = Mutex(0)
        let now = fixture.now
        let pipeline = MailPipeline(
            engine: fixture.engine,
            keyResolver: try StaticKeyResolver(fakeDNSFile: PipelineFixture.emails.appendingPathComponent("dns.txt").path),
            ledger: fixture.ledger,
            serviceAddress: "wallet@chainmail.test",
            now: { now },
            replyQueued: { wakes.withLock { $0 += 1 } }
        )
        let mail = try PipelineFixture.mail("01-executed-plain.eml")
        _ = try await pipeline.process(mail, source: .api)
        #expect(wakes.withLock { $0 } == 1)
        _ = try await pipeline.process(try PipelineFixture.mail("12-rejected-forged-body.eml"), source: .api)
        _ = try await pipeline.process(mail, source: .api)  // a replay: no reply
        #expect(wakes.withLock { $0 } == 1)
        #expect(try await fixture.ledger.pending(limit: 10).count == 1)
    }

    @Test("a ledger of its own records every mail in a transaction of its own")
    func separateLedgerRecordsApart() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.removeFiles() }
        let ledger = try SQLiteMailLedger()
        let now = fixture.now
        let pipeline = MailPipeline(
            engine: fixture.engine,
            keyResolver: try StaticKeyResolver(fakeDNSFile: PipelineFixture.emails.appendingPathComponent("dns.txt").path),
            ledger: ledger,
            serviceAddress: "wallet@chainmail.test",
            now: { now }
        )
        #expect(!pipeline.recordsWithExecution)
        let outcome = try await pipeline.process(try PipelineFixture.mail("01-executed-plain.eml"), source: .api)
        #expect(outcome.status == .executed)
        #expect(try await ledger.pending(limit: 10).count == 1)
    }
}
