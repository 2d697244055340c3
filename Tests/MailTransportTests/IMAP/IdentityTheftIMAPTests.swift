import AccountEngine
import ChainmailTestSupport
import Foundation
import MailIngest
import MailTransport
import Testing

/// The identity theft of issue 10 by mail as it arrives in production: the attacker's DKIM-signed
/// mails (testdata/consent, signed by dkimpy) in a real Dovecot mailbox, polled over IMAPS by the
/// poller and handed to the real pipeline.
@Suite("IMAP: the identity theft by mail, from the attacker's own mailbox", .timeLimit(.minutes(5)))
struct IdentityTheftIMAPTests {
    /// Hands each message to the pipeline, as `chainmail serve` does, and keeps the outcome the
    /// pipeline recorded for it.
    actor OutcomeRecorder: IMAPMessageHandler {
        let pipeline: MailPipeline
        let ledger: any PipelineFixture.Ledger
        private(set) var outcomes: [UInt32: MailOutcome] = [:]

        init(_ fixture: PipelineFixture) {
            pipeline = fixture.pipeline
            ledger = fixture.ledger
        }

        func handle(_ message: FetchedMail) async -> MailHandling {
            let handling = await pipeline.handle(message)
            let key = MailSource.imap(mailbox: message.mailbox, uidValidity: message.uidValidity, uid: message.uid).redeliveryKey!
            if let outcome = try? await ledger.outcome(redeliveryKey: key) { outcomes[message.uid] = outcome }
            return handling
        }
    }

    @Test(
        "through IMAP: the AddKey of the victim awaits her consent, signing as the victim is refused, no key of hers is used, nothing changes",
        arguments: PipelineFixture.Store.allCases
    )
    func identityTheftOverIMAP(_ store: PipelineFixture.Store) async throws {
        let fixture = try await PipelineFixture(folder: PipelineFixture.consent, store: store)
        defer { fixture.removeFiles() }
        let names = [
            "09-awaiting-mallory-adds-victim.eml", "10-rejected-mallory-signs-as-victim.eml", "11-rejected-mallory-auth-target-line.eml",
        ]
        let victimBefore = try await fixture.engine.account(id: "victim")
        try await withDovecot { dovecot in
            let recorder = OutcomeRecorder(fixture)
            let poller = try IMAPPoller(
                configuration: dovecot.pollerConfiguration,
                handler: recorder
            )
            try await dovecot.append(try names.map { try PipelineFixture.mail($0, in: PipelineFixture.consent) })
            let task = Task { await poller.run() }
            let handled = await eventually { await recorder.outcomes.count >= names.count }
            task.cancel()
            await task.value
            let count = await recorder.outcomes.count
            try #require(handled, "the poller handed over \(count) of \(names.count) mails")

            let outcomes = await recorder.outcomes.sorted { $0.key < $1.key }.map(\.value)
            #expect(outcomes.map(\.status) == [.awaitingProofs, .rejected, .rejected])
            #expect(outcomes[0].awaiting?.missing == [PipelineFixture.consentVictim])
            #expect(outcomes[1].rejection?.code.name == "auth_target_not_on_account")
            #expect(outcomes[2].rejection?.code.name == "auth_target_not_on_account")
            #expect(outcomes.allSatisfy { $0.result == nil }, "no signature at all")
            let state = try await dovecot.state()
            #expect(state.messages.values.allSatisfy { $0.contains("\\Seen") })
        }
        let mallory = try await fixture.engine.account(id: "mallory")
        #expect(mallory.authIdentities == [PipelineFixture.consentMallory])
        #expect(mallory.nonce == 0)
        #expect(try await fixture.engine.account(id: "victim") == victimBefore)
        // Only mail from the victim's own mailbox could consent: none came, so the AddKey still awaits.
        let awaiting = try await fixture.engine.awaitedProofs(
            txHash: try #require(PipelineFixture.expected(in: PipelineFixture.consent)[names[0]]?.txHash)
        )
        #expect(awaiting?.missing == [PipelineFixture.consentVictim])
        #expect(awaiting?.authorityProven == true)
    }
}
