import AccountEngine
import ChainmailTestSupport
import Foundation
import MailIngest
import Testing

/// A DKIM-valid sender who is not on the account (issue 13): the refusal discloses nothing about
/// the account and leaves its transactions' status alone.
@Suite("Strangers: a refusal that names nothing about the account and changes nothing")
struct StrangerReplyTests {
    /// The reply's text without the lines that differ for every mail (ids, dates, the mail's own
    /// subject and txHash).
    static func comparable(_ data: [UInt8], txHash: String) -> String {
        let text = String(decoding: data, as: UTF8.self)
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        return body.replacingOccurrences(of: txHash, with: "<txHash>")
            .replacingOccurrences(of: "dave@example.com", with: "<sender>")
            .replacingOccurrences(of: "alice@example.com", with: "<sender>")
    }

    @Test("a stranger to a known account and to an unknown one get the same text, naming no account nor any of its addresses")
    func sameTextForKnownAndUnknownAccount() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.removeFiles() }
        let known = try await fixture.pipeline.process(try PipelineFixture.mail("24-rejected-sender-not-on-account.eml"), source: .api)
        let unknown = try await fixture.pipeline.process(try PipelineFixture.mail("27-rejected-unknown-account.eml"), source: .api)
        #expect(known.rejection?.code.name == "sender_not_on_account")
        #expect(unknown.rejection?.code.name == "sender_not_on_account")
        let replies = try await fixture.ledger.pending(limit: 10)
        try #require(replies.count == 2)
        let toKnown = Self.comparable(replies[0].data, txHash: known.txHash!)
        let toUnknown = Self.comparable(replies[1].data, txHash: unknown.txHash!)
        #expect(toKnown == toUnknown)
        for text in [toKnown, toUnknown] {
            #expect(!text.contains("alice"), "no account id nor address of the account: \(text)")
            #expect(!text.contains("ghost"))
            #expect(!text.contains("bob"))
            #expect(!text.contains("evm:"))
            #expect(!text.contains("The transaction, on account"))
        }
        // Nothing recorded under either txHash.
        #expect(try await fixture.ledger.latestRejection(txHash: known.txHash!) == nil)
        #expect(try await fixture.ledger.latestRejection(txHash: unknown.txHash!) == nil)
        #expect(try await fixture.engine.account(id: "alice").nonce == 0)
    }
}
