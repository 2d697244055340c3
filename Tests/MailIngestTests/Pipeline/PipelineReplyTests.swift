import AccountEngine
import ChainmailTestSupport
import Foundation
import MailIngest
import Testing

@Suite("Pipeline replies and redelivery")
struct PipelineReplyTests {
    @Test(
        "an executed mail queues one reply to the sender, threaded with In-Reply-To and References, giving the signature",
        arguments: PipelineFixture.Store.allCases
    )
    func executedMailIsAnswered(_ store: PipelineFixture.Store) async throws {
        let fixture = try await PipelineFixture(store: store)
        defer { fixture.removeFiles() }
        let outcome = try await fixture.pipeline.process(try PipelineFixture.mail("01-executed-plain.eml"), source: .api)
        #expect(outcome.status == .executed)
        let replies = try await fixture.ledger.pending(limit: 10)
        try #require(replies.count == 1)
        let text = String(decoding: replies[0].data, as: UTF8.self)
        #expect(replies[0].to == ["alice@example.com"])
        #expect(text.contains("\r\nIn-Reply-To: <"))
        #expect(text.contains("\r\nReferences: <"))
        #expect(text.contains("txHash: \(outcome.txHash!)"))
        let signature = try #require(outcome.result?["results"]?.arrayValue?.first?["signature"])
        #expect(text.contains("r: \(signature["r"]!.stringValue!)"))
    }

    @Test("a mail that fails DKIM gets no reply; a proven sender's refusal gets one", arguments: PipelineFixture.Store.allCases)
    func repliesOnlyToProvenSenders(_ store: PipelineFixture.Store) async throws {
        let fixture = try await PipelineFixture(store: store)
        defer { fixture.removeFiles() }
        _ = try await fixture.pipeline.process(try PipelineFixture.mail("12-rejected-forged-body.eml"), source: .api)
        _ = try await fixture.pipeline.process(try PipelineFixture.mail("17-rejected-other-domain.eml"), source: .api)
        #expect(try await fixture.ledger.pending(limit: 10).isEmpty)
        let refused = try await fixture.pipeline.process(try PipelineFixture.mail("24-rejected-sender-not-on-account.eml"), source: .api)
        #expect(refused.rejection?.code.name == "sender_not_on_account")
        let replies = try await fixture.ledger.pending(limit: 10)
        #expect(replies.map(\.to) == [["dave@example.com"]])
        #expect(String(decoding: replies[0].data, as: UTF8.self).contains("reason: sender_not_on_account"))
    }

    @Test(
        "a mail handed over again from the same mailbox UID gets its first outcome, and no second execution or reply",
        arguments: PipelineFixture.Store.allCases
    )
    func redeliveryIsIdempotent(_ store: PipelineFixture.Store) async throws {
        let fixture = try await PipelineFixture(store: store)
        defer { fixture.removeFiles() }
        let source = MailSource.imap(mailbox: "INBOX", uidValidity: 7, uid: 42)
        let first = try await fixture.pipeline.process(try PipelineFixture.mail("01-executed-plain.eml"), source: source)
        let again = try await fixture.pipeline.process(try PipelineFixture.mail("01-executed-plain.eml"), source: source)
        #expect(first == again)
        #expect(try await fixture.engine.account(id: "alice").nonce == 1)
        #expect(try await fixture.ledger.pending(limit: 10).count == 1)
    }

    @Test("the same mail from another source is refused as a replay, without a reply", arguments: PipelineFixture.Store.allCases)
    func replayFromElsewhereIsRefused(_ store: PipelineFixture.Store) async throws {
        let fixture = try await PipelineFixture(store: store)
        defer { fixture.removeFiles() }
        _ = try await fixture.pipeline.process(try PipelineFixture.mail("01-executed-plain.eml"), source: .api)
        let replayed = try await fixture.pipeline.process(try PipelineFixture.mail("01-executed-plain.eml"), source: .api)
        #expect(replayed.rejection?.code.name == "email_replayed")
        #expect(try await fixture.ledger.pending(limit: 10).count == 1)
    }

    @Test("a mail over the size limit is refused before it is read")
    func oversizedMail() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.removeFiles() }
        let outcome = try await fixture.pipeline.process([UInt8](repeating: 0x61, count: 10 * 1024 * 1024 + 1), source: .api)
        #expect(outcome.rejection?.code.name == "message_too_large")
    }
}
