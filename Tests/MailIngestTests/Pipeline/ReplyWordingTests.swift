import AccountEngine
import ChainmailTestSupport
import Foundation
import MailIngest
import Testing

/// Replies written for people (issue 13): what happened, the transaction in words, the next step;
/// codes and signature parts only below the separator, for the application; every reply threads.
@Suite("Replies: written for people, technical details below a separator, always threaded")
struct ReplyWordingTests {
    static let separator = "Technical details (for the application)"

    /// The only queued reply, after processing `name` (and, first, `before`).
    static func reply(to name: String, after before: [String] = []) async throws -> (text: String, outcome: MailOutcome) {
        let fixture = try await PipelineFixture()
        defer { fixture.removeFiles() }
        for earlier in before { _ = try await fixture.pipeline.process(try PipelineFixture.mail(earlier), source: .api) }
        let sent = try await fixture.ledger.pending(limit: 50).count
        let outcome = try await fixture.pipeline.process(try PipelineFixture.mail(name), source: .api)
        let replies = try await fixture.ledger.pending(limit: 50)
        try #require(replies.count == sent + 1, "\(name) got no reply")
        return (String(decoding: replies[sent].data, as: UTF8.self), outcome)
    }

    static func parts(_ text: String) -> (headers: String, human: String, technical: String) {
        let sections = text.components(separatedBy: "\r\n\r\n")
        let head = sections.first ?? ""
        let body = sections.dropFirst().joined(separator: "\r\n\r\n")
        let split = body.components(separatedBy: separator)
        return (head, split.first ?? "", split.count > 1 ? split[1] : "")
    }

    /// Code names (snake_case words) and signature parts are for the application only.
    static func expectPlainWords(_ human: String, _ name: String) {
        #expect(human.range(of: #"[a-z]+_[a-z_]+"#, options: .regularExpression) == nil, "\(name): a code name above the separator: \(human)")
        for technical in ["r: ", "s: ", "v: ", "derivationPath", "publicKey", "reason:", "txHash:"] {
            #expect(!human.contains(technical), "\(name): \(technical) above the separator")
        }
    }

    @Test("executed: one sentence, the CallChainSig in words, nothing to do; r, s, v and derivationPath below the separator")
    func executedReply() async throws {
        let (text, outcome) = try await Self.reply(to: "01-executed-plain.eml")
        let (headers, human, technical) = Self.parts(text)
        #expect(human.hasPrefix("Your transaction was executed.\r\n"))
        #expect(human.contains("The transaction, on account alice:"))
        #expect(human.contains("Sign payload 0x"))
        #expect(human.contains("This is a blind signature: chainmail cannot tell what the payload authorises."))
        #expect(human.contains("What to do next: nothing."))
        Self.expectPlainWords(human, "executed")
        #expect(technical.contains("txHash: \(outcome.txHash!)"))
        #expect(technical.contains("derivationPath: "))
        #expect(technical.contains("\r\n  r: "))
        #expect(headers.contains("\r\nIn-Reply-To: <a4a789e8f53b44b6@mail.test>"))
        #expect(headers.contains("\r\nReferences: "))
        #expect(headers.contains("\r\nSubject: Re: Approve \(outcome.txHash!)"))
    }

    @Test("mail_too_old: threaded (In-Reply-To, Re: subject with the txHash), 'send a new approval', the code only below")
    func tooOldReplyThreads() async throws {
        let (text, outcome) = try await Self.reply(to: "25-rejected-too-old.eml")
        #expect(outcome.rejection?.code.name == "mail_too_old")
        let (headers, human, technical) = Self.parts(text)
        #expect(headers.contains("\r\nIn-Reply-To: <9e5e9d03b6bbd62c@mail.test>"))
        #expect(headers.contains("\r\nSubject: Re: Approve 89f3e32e89d9808e763a2a3084af405af80d389ae65704fdda39b7570a662a1b"))
        #expect(human.hasPrefix("Your transaction was not executed: your mail was signed too long ago to be accepted.\r\n"))
        #expect(human.contains("What to do next: Send a new approval"))
        Self.expectPlainWords(human, "mail_too_old")
        #expect(technical.contains("reason: mail_too_old"))
        #expect(technical.contains("txHash: 89f3e32e89d9808e763a2a3084af405af80d389ae65704fdda39b7570a662a1b"))
    }

    @Test("nonce_mismatch: 'ask the app for a new one' above, the code below, subject with the txHash")
    func nonceMismatchReply() async throws {
        let (text, outcome) = try await Self.reply(to: "11-rejected-nonce-used.eml", after: ["01-executed-plain.eml"])
        #expect(outcome.rejection?.code.name == "nonce_mismatch")
        let (headers, human, technical) = Self.parts(text)
        #expect(human.contains("replaced by another one or was already used"))
        #expect(human.contains("Ask the app for a new transaction"))
        Self.expectPlainWords(human, "nonce_mismatch")
        #expect(technical.contains("reason: nonce_mismatch"))
        #expect(headers.contains(outcome.txHash!))
        #expect(headers.contains("\r\nSubject: Re: Approve again"))
    }

    @Test("awaiting proofs: who still must approve and how, above the separator")
    func awaitingReply() async throws {
        let (text, outcome) = try await Self.reply(to: "09-awaiting-add-key-without-consent.eml")
        #expect(outcome.status == .awaitingProofs)
        let (_, human, technical) = Self.parts(text)
        #expect(human.hasPrefix("Your approval was recorded"))
        #expect(human.contains("Still needed:"))
        #expect(human.contains("Add key "))
        #expect(technical.contains("status: awaiting_proofs"))
    }
}
