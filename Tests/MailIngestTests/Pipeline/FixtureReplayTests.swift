import AccountEngine
import ChainmailTestSupport
import Foundation
import MailIngest
import Testing

/// testdata/emails and testdata/consent (signed by dkimpy, scripts/make-email-fixtures.py and
/// scripts/make-consent-fixtures.py) through the whole pipeline, on each store `serve` opens (a
/// SQLite file, and a fresh PostgreSQL database with its mail ledger).
@Suite("Email fixtures")
struct FixtureReplayTests {
    @Test("there are at least 30 fixtures, and each gets the outcome in expected.json, in file-name order", arguments: PipelineFixture.Store.allCases)
    func everyFixtureGetsItsOutcome(_ store: PipelineFixture.Store) async throws {
        #expect(PipelineFixture.expected.count >= 30)
        let fixture = try await PipelineFixture(store: store)
        defer { fixture.removeFiles() }
        try await Self.replay(PipelineFixture.emails, through: fixture)
    }

    @Test(
        "the consent fixtures get the outcomes in their expected.json, proofs kept from one mail for the later ones",
        arguments: PipelineFixture.Store.allCases
    )
    func consentFixturesGetTheirOutcomes(_ store: PipelineFixture.Store) async throws {
        let expected = PipelineFixture.expected(in: PipelineFixture.consent)
        #expect(expected.count >= 12)
        let fixture = try await PipelineFixture(folder: PipelineFixture.consent, store: store)
        defer { fixture.removeFiles() }
        try await Self.replay(PipelineFixture.consent, through: fixture)
    }

    /// Every mail of `folder`, in file-name order, through one pipeline, each outcome compared
    /// with the folder's expected.json.
    static func replay(_ folder: URL, through fixture: PipelineFixture) async throws {
        let expectations = PipelineFixture.expected(in: folder)
        for name in expectations.keys.sorted() {
            let outcome = try await fixture.pipeline.process(try PipelineFixture.mail(name, in: folder), source: .file(name))
            let expected = try #require(expectations[name])
            #expect(outcome.status.rawValue == expected.status, "\(name): \(String(describing: outcome.rejection))")
            #expect(outcome.rejection?.code.name == expected.reason, "\(name): \(String(describing: outcome.rejection))")
            if let txHash = expected.txHash { #expect(outcome.txHash == txHash, "\(name)") }
            if let missing = expected.missing {
                #expect(outcome.awaiting?.missing.map(\.json.canonicalText) == missing, "\(name)")
            }
        }
    }
}
