import AccountEngine
import Foundation
import MailIngest
import Testing

/// testdata/emails (signed by dkimpy, scripts/make-email-fixtures.py) through the whole pipeline.
@Suite("Email fixtures")
struct FixtureReplayTests {
    @Test("there are at least 30 fixtures, and each gets the outcome in expected.json, in file-name order")
    func everyFixtureGetsItsOutcome() async throws {
        #expect(PipelineFixture.expected.count >= 30)
        let fixture = try await PipelineFixture()
        defer { fixture.removeFiles() }
        for name in PipelineFixture.expected.keys.sorted() {
            let outcome = try await fixture.pipeline.process(try PipelineFixture.mail(name), source: .file(name))
            let expected = try #require(PipelineFixture.expected[name])
            #expect(outcome.status.rawValue == expected.status, "\(name): \(String(describing: outcome.rejection))")
            #expect(outcome.rejection?.code == expected.reason, "\(name): \(String(describing: outcome.rejection))")
            if let txHash = expected.txHash { #expect(outcome.txHash == txHash, "\(name)") }
        }
    }
}
