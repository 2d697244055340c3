import AccountEngine
import ChainmailTestSupport
import Foundation
import MailIngest
import Testing

/// Consent of added identities by mail (PROTOCOL.md section 4.1), the identity theft of issue 10,
/// and what a stranger's mail may change and learn (section 5): the mails of testdata/consent
/// through one pipeline, with the store, the ledger and the replies looked at after each.
@Suite("Pipeline: consent by mail, identity theft, strangers")
struct ConsentPipelineTests {
    static let victim = PipelineFixture.consentVictim
    static let mallory = PipelineFixture.consentMallory

    static func process(_ name: String, _ fixture: PipelineFixture) async throws -> MailOutcome {
        try await fixture.pipeline.process(try PipelineFixture.mail(name, in: PipelineFixture.consent), source: .file(name))
    }

    /// The body of the only reply queued to `address`, after its header.
    static func reply(to address: String, _ fixture: PipelineFixture) async throws -> String {
        let replies = try await fixture.ledger.pending(limit: 100).filter { $0.to == [address] }
        try #require(replies.count == 1, "\(replies.count) replies to \(address)")
        let text = String(decoding: replies[0].data, as: UTF8.self)
        return String(text[text.range(of: "\r\n\r\n")!.upperBound...])
    }

    @Test(
        "the identity theft by mail: the attacker's AddKey of the victim is kept awaiting the victim; signing as the victim is refused; nothing changes",
        arguments: PipelineFixture.Store.allCases
    )
    func identityTheftLeavesEverythingUnchanged(_ store: PipelineFixture.Store) async throws {
        let fixture = try await PipelineFixture(folder: PipelineFixture.consent, store: store)
        defer { fixture.removeFiles() }
        let before = try await fixture.engine.account(id: "victim")

        let added = try await Self.process("09-awaiting-mallory-adds-victim.eml", fixture)
        #expect(added.status == .awaitingProofs)
        #expect(added.awaiting?.missing == [Self.victim])
        #expect(added.result == nil)
        let targeted = try await Self.process("10-rejected-mallory-signs-as-victim.eml", fixture)
        let byLine = try await Self.process("11-rejected-mallory-auth-target-line.eml", fixture)
        for outcome in [targeted, byLine] {
            #expect(outcome.rejection?.code.name == "auth_target_not_on_account")
            #expect(outcome.result == nil)
            #expect(try await fixture.engine.executedTransaction(txHash: outcome.txHash!) == nil)
        }

        let mallory = try await fixture.engine.account(id: "mallory")
        #expect(mallory.authIdentities == [Self.mallory], "the victim is never on the attacker's account")
        #expect(mallory.nonce == 0, "the attempts leave the attacker's nonce as it was")
        #expect(try await fixture.engine.account(id: "victim") == before)
        #expect(try await fixture.engine.accounts(holding: Self.victim).map(\.accountId) == ["victim"])
        #expect(try await fixture.engine.awaitedProofs(txHash: added.txHash!)?.missing == [Self.victim])
    }

    @Test("a mail left awaiting a consent is answered in plain words: who must still approve, and how", arguments: PipelineFixture.Store.allCases)
    func awaitingReplySaysWhatIsNeeded(_ store: PipelineFixture.Store) async throws {
        let fixture = try await PipelineFixture(folder: PipelineFixture.consent, store: store)
        defer { fixture.removeFiles() }
        let carol = try await Self.process("01-awaiting-carol-adds-dave.eml", fixture)
        let txHash = try #require(carol.txHash)
        let toCarol = try await Self.reply(to: "carol@example.com", fixture)
        #expect(toCarol.contains("Your approval was recorded."))
        #expect(toCarol.contains("Still needed:"))
        #expect(toCarol.contains("must consent"))
        #expect(
            toCarol.contains(
                "dave@example.org approves by sending a mail to \(PipelineFixture.consentServiceAddress) whose Subject holds \(txHash)"
            )
        )
        #expect(!toCarol.contains("An identity of account carol must approve"), "carol's own mail was the authority's proof")

        let frank = try await Self.process("03-awaiting-frank-consents-first.eml", fixture)
        #expect(frank.awaiting?.missing == [])
        #expect(frank.awaiting?.authorityProven == false)
        #expect(try await Self.reply(to: "frank@example.org", fixture).contains("An identity of account erin must approve it."))

        // The consent by reply completes carol's transaction: dave is on the account, one execution.
        let dave = try await Self.process("02-executed-dave-consents-by-reply.eml", fixture)
        #expect(dave.status == .executed)
        let daveIdentity = try AuthIdentity(
            .oidc(issuer: "https://accounts.google.com", clientId: "chainmail-demo", email: "dave@example.org")
        )
        #expect(try await fixture.engine.account(id: "carol").authIdentities.contains(daveIdentity))
        #expect(try await fixture.engine.account(id: "carol").nonce == 1)
        #expect(try await fixture.engine.awaitedProofs(txHash: txHash) == nil)
    }

    @Test(
        "a stranger's mail leaves a prepared transaction prepared, is recorded under no txHash, and is told nothing about the account",
        arguments: PipelineFixture.Store.allCases
    )
    func strangerChangesAndLearnsNothing(_ store: PipelineFixture.Store) async throws {
        let fixture = try await PipelineFixture(folder: PipelineFixture.consent, store: store)
        defer { fixture.removeFiles() }
        let name = "12-rejected-mallory-on-victims-account.eml"
        // The transaction of the mail: the victim's CallChainSig at nonce 0.
        let transaction = TransactionText.make("victim", nonce: 0, [TransactionText.callChainSig()])
        let prepared = try await fixture.engine.prepare(try SignedTransaction(jsonText: transaction))

        let outcome = try await Self.process(name, fixture)
        #expect(outcome.rejection?.code.name == "sender_not_on_account")
        #expect(outcome.txHash == prepared.txHash)
        #expect(!outcome.recordsRefusal)
        #expect(try await fixture.ledger.latestRejection(txHash: prepared.txHash) == nil)
        #expect(try await fixture.engine.pendingTransaction(txHash: prepared.txHash) != nil)
        #expect(try await fixture.engine.awaitedProofs(txHash: prepared.txHash) == nil, "still merely prepared")

        let reply = try await Self.reply(to: "mallory@evil.example", fixture)
        #expect(reply.contains("reason: sender_not_on_account"))
        for secret in ["victim", "example.org", "nonce", "google", "chainmail-demo", "OIDC"] {
            #expect(!reply.contains(secret), "the reply names \(secret): \(reply)")
        }
    }

    @Test("a stranger's reply is the same whether the account exists or not")
    func strangerCannotTellWhetherAnAccountExists() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.removeFiles() }
        // dave is on no account; alice's mail names the account ghost, which does not exist.
        let existing = try await fixture.pipeline.process(try PipelineFixture.mail("24-rejected-sender-not-on-account.eml"), source: .api)
        let absent = try await fixture.pipeline.process(try PipelineFixture.mail("27-rejected-unknown-account.eml"), source: .api)
        #expect(existing.rejection?.code.name == "sender_not_on_account")
        #expect(absent.rejection?.code.name == "sender_not_on_account")
        func neutral(_ text: String, _ outcome: MailOutcome, _ address: String) -> String {
            text.replacingOccurrences(of: outcome.txHash ?? "-", with: "TXHASH").replacingOccurrences(of: address, with: "SENDER")
        }
        #expect(
            neutral(try await Self.reply(to: "dave@example.com", fixture), existing, "dave@example.com")
                == neutral(try await Self.reply(to: "alice@example.com", fixture), absent, "alice@example.com")
        )
        #expect(try await fixture.ledger.latestRejection(txHash: existing.txHash!) == nil)
        #expect(try await fixture.ledger.latestRejection(txHash: absent.txHash!) == nil)
    }
}
