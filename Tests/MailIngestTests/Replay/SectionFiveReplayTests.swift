import AccountEngine
import ChainmailTestSupport
import Foundation
import Testing

/// `chainmail replay` on testdata/section5 (scripts/make-section5-fixtures.py): for each rule of
/// PROTOCOL.md 1.1 section 5, "What decides must be signed and single", a dkimpy-signed mail that
/// breaks it, refused with its code, and a legitimate twin that executes; and the relay's attacks of
/// issue 11 on mails the sender really signed.
@Suite("chainmail replay: section 5, what decides must be signed and single")
struct SectionFiveReplayTests {
    static let folder = PipelineFixture.testdata.appendingPathComponent("section5")
    /// The number of mails the generator writes: a fixture that goes missing fails here by name.
    static let fixtureCount = 39

    @Test("replay --service-address gives every section 5 fixture the status, reason and txHash of its expected.json")
    func everyFixtureGetsItsOutcome() async throws {
        let expected = PipelineFixture.expected(in: Self.folder)
        #expect(expected.count == Self.fixtureCount)
        let emlFiles = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".eml") }
        #expect(Set(emlFiles) == Set(expected.keys), "every .eml has an expectation and every expectation its .eml")

        let run = try await ConsentReplayCommandTests.replay(["--service-address", PipelineFixture.consentServiceAddress, Self.folder.path])
        #expect(run.outcomes.count == Self.fixtureCount)
        #expect(Set(run.outcomes.keys) == Set(expected.keys))
        for (name, want) in expected.sorted(by: { $0.key < $1.key }) {
            let outcome = try #require(run.outcomes[name], "\(name) was not replayed")
            #expect(outcome["status"]?.string == want.status, "\(name): \(outcome.compactText)")
            #expect(outcome["reason"]?.string == want.reason, "\(name): \(outcome.compactText)")
            #expect(outcome["txHash"]?.string == want.txHash, "\(name): \(outcome.compactText)")
            if let missing = want.missing {
                #expect(outcome["missing"]?.array.map(\.canonicalText) == missing, "\(name)")
            }
            // The file name says what the mail must get, so a wrong expected.json cannot pass unseen.
            let namedStatus = name.split(separator: "-")[1]
            #expect(want.status.hasPrefix(namedStatus), "\(name) is named \(namedStatus) but expects \(want.status)")
        }
        let count = { (status: String) in UInt64(expected.values.filter { $0.status == status }.count) }
        #expect(run.summary["mails"]?.uint == UInt64(Self.fixtureCount))
        #expect(run.summary["executed"]?.uint == count("executed"))
        #expect(run.summary["rejected"]?.uint == count("rejected"))
        #expect(run.summary["awaitingProofs"]?.uint == count("awaiting_proofs"))
    }

    /// Each rule of section 5, the fixtures that break it and the twins that keep it.
    static let rules: [(code: String, refused: [String], twins: [String])] = [
        ("from_multiple_fields", ["01-rejected-from-twice.eml"], ["02-executed-from-once.eml"]),
        ("subject_multiple_fields", ["03-rejected-subject-twice.eml"], ["04-executed-subject-once.eml"]),
        ("date_multiple_fields", ["05-rejected-date-twice.eml", "07-rejected-stale-fresh-date-on-top.eml"], ["06-executed-date-once.eml"]),
        (
            "mail_age_unknown", ["09-rejected-no-t-date-not-signed.eml", "10-rejected-no-t-huge-year-date.eml"],
            ["11-executed-no-t-date-signed.eml"]
        ),
        (
            "mime_header_repeated",
            [
                "12-rejected-content-type-twice.eml", "13-rejected-mime-version-twice.eml", "14-rejected-part-cte-twice.eml",
                "15-rejected-part-disposition-twice.eml",
            ],
            ["16-executed-mime-headers-once.eml"]
        ),
        ("dkim_identity_not_sender", ["17-rejected-i-names-another-user.eml"], ["18-executed-i-names-sender.eml", "19-executed-i-names-domain.eml"]),
        ("tx_hash_not_in_subject", ["20-rejected-subject-hash-in-longer-run.eml"], ["22-executed-subject-hash-after-0x.eml"]),
        ("tx_hash_mismatch", ["21-rejected-subject-names-two-others.eml"], ["23-executed-subject-names-block-and-another.eml"]),
        ("tx_hash_ambiguous", ["25-rejected-no-block-two-hashes.eml"], ["26-executed-no-block-one-hash-twice.eml"]),
        (
            "transaction_not_found",
            [
                "27-rejected-block-only-in-attachment.eml", "28-rejected-block-only-in-html.eml",
                "29-rejected-block-only-in-attached-message.eml", "30-rejected-block-only-quoted.eml",
            ],
            [
                "32-executed-block-in-alternative-plain.eml", "33-executed-block-with-quoted-old-block.eml",
                "34-executed-block-inline-and-attached.eml",
            ]
        ),
        ("transaction_block_multiple", ["31-rejected-two-blocks-two-parts.eml"], ["32-executed-block-in-alternative-plain.eml"]),
        ("mime_malformed", ["35-rejected-delimiter-line-with-more.eml"], ["36-executed-delimiter-text-indented.eml"]),
        (
            "auth_target_ambiguous", ["37-rejected-target-ambiguous.eml"],
            ["38-executed-target-named-by-line.eml", "39-executed-target-named-in-transaction.eml"]
        ),
    ]

    @Test("every rule of section 5 has a mail refused with its own code and a legitimate twin that executes")
    func everyRuleHasBothSides() {
        let expected = PipelineFixture.expected(in: Self.folder)
        for rule in Self.rules {
            for name in rule.refused {
                #expect(expected[name]?.status == "rejected", "\(name)")
                #expect(expected[name]?.reason == rule.code, "\(name)")
            }
            for name in rule.twins { #expect(expected[name]?.status == "executed", "\(rule.code): twin \(name)") }
        }
    }

    @Test("issue 11's replay: a stale mail signed without t= is refused with a fresh Date on top, and as signed")
    func staleMailWithFreshDate() async throws {
        let names = ["07-rejected-stale-fresh-date-on-top.eml", "08-rejected-stale-as-signed.eml", "11-executed-no-t-date-signed.eml"]
        let run = try await ConsentReplayCommandTests.replay(names.map { Self.folder.appendingPathComponent($0).path })
        #expect(run.outcomes[names[0]]?["reason"]?.string == "date_multiple_fields")
        #expect(run.outcomes[names[1]]?["reason"]?.string == "mail_too_old")
        // The account's nonce was untouched by both: its fresh twin still executes at nonce 0.
        #expect(run.outcomes[names[2]]?["status"]?.string == "executed")
        #expect(run.outcomes[names[2]]?["txHash"]?.string == PipelineFixture.expected(in: Self.folder)[names[2]]?.txHash)
        // The fresh Date is the only difference between the two stale mails: the relay added a line.
        let stale = try Data(contentsOf: Self.folder.appendingPathComponent(names[1]))
        let relayed = try Data(contentsOf: Self.folder.appendingPathComponent(names[0]))
        #expect(relayed.count > stale.count && relayed.suffix(stale.count) == stale)
        #expect(String(decoding: relayed.prefix(relayed.count - stale.count), as: UTF8.self).hasPrefix("Date: "))
    }

    @Test("scripts/make-section5-fixtures.py regenerates testdata/section5 byte for byte (keys fixed by labels)")
    func generatorIsDeterministic() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-section5-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let script = PackagePaths.root.appendingPathComponent("scripts/make-section5-fixtures.py").path
        try await PeerProcess.check(["python3", script, output.path])
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).sorted() == files)
        for file in files {
            let committed = try Data(contentsOf: Self.folder.appendingPathComponent(file))
            let regenerated = try Data(contentsOf: output.appendingPathComponent(file))
            #expect(committed == regenerated, "\(file) differs when regenerated")
        }
    }
}
