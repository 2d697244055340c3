import AccountEngine
import ChainmailTestSupport
import Foundation
import Testing

/// `chainmail replay` as operators and `make demo` run it, on testdata/consent: consent of added
/// identities by mail (PROTOCOL.md section 4.1), the identity theft of issue 10, the To/Cc rule.
@Suite("chainmail replay: consent, identity theft and the service address")
struct ConsentReplayCommandTests {
    static let binary = PackagePaths.root.appendingPathComponent(".build/debug/chainmail").path
    static let folder = PipelineFixture.consent

    /// The JSON lines of one replay run, the summary last.
    static func replay(_ arguments: [String]) async throws -> (outcomes: [String: JSONValue], summary: JSONValue) {
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build chainmail first (make test does)")
        let output = try await PeerProcess.check([binary, "replay", "--json"] + arguments)
        var lines = try output.split(separator: "\n").map { try StrictJSONParser().parse(String($0)) }
        let summary = try #require(lines.popLast()?["summary"])
        var outcomes: [String: JSONValue] = [:]
        for line in lines {
            outcomes[String(line["file"]?.string?.split(separator: "/").last ?? "")] = line
        }
        return (outcomes, summary)
    }

    @Test("replay --service-address reproduces testdata/consent/expected.json, missing identities included, proofs kept across mails")
    func consentFolderReplays() async throws {
        let expected = PipelineFixture.expected(in: Self.folder)
        let run = try await Self.replay(["--service-address", PipelineFixture.consentServiceAddress, Self.folder.path])
        #expect(Set(run.outcomes.keys) == Set(expected.keys))
        for (name, want) in expected {
            let outcome = try #require(run.outcomes[name], "\(name)")
            #expect(outcome["status"]?.string == want.status, "\(name): \(outcome.compactText)")
            #expect(outcome["reason"]?.string == want.reason, "\(name): \(outcome.compactText)")
            #expect(outcome["txHash"]?.string == want.txHash, "\(name)")
            if let missing = want.missing {
                #expect(outcome["missing"]?.array.map(\.canonicalText) == missing, "\(name)")
            }
        }
        #expect(run.summary["awaitingProofs"]?.uint == UInt64(expected.values.filter { $0.status == "awaiting_proofs" }.count))
        // Kept across mails: the consent of 03 and the authority of 01 complete in later mails.
        #expect(run.outcomes["02-executed-dave-consents-by-reply.eml"]?["results"]?[0]?["type"]?.string == "AddKey")
        #expect(run.outcomes["03-awaiting-frank-consents-first.eml"]?["authorityProven"]?.bool == false)
        #expect(run.outcomes["01-awaiting-carol-adds-dave.eml"]?["authorityProven"]?.bool == true)
    }

    @Test("the identity theft by replay: the attacker's AddKey of the victim awaits, signing as the victim is refused, no victim key is used")
    func identityTheftByReplay() async throws {
        let names = [
            "09-awaiting-mallory-adds-victim.eml", "10-rejected-mallory-signs-as-victim.eml", "11-rejected-mallory-auth-target-line.eml",
            "13-executed-mallory-nonce-untouched.eml",
        ]
        let run = try await Self.replay(names.map { Self.folder.appendingPathComponent($0).path })
        let victim = try AuthIdentity(
            .oidc(issuer: "https://accounts.google.com", clientId: "chainmail-demo", email: "victim@example.org")
        )
        let added = try #require(run.outcomes[names[0]])
        #expect(added["status"]?.string == "awaiting_proofs")
        #expect(added["missing"]?.array.map(\.canonicalText) == [victim.json.canonicalText])
        #expect(added["results"] == .null)
        for name in names[1...2] {
            #expect(run.outcomes[name]?["reason"]?.string == "auth_target_not_on_account", "\(name)")
            #expect(run.outcomes[name]?["results"] == .null, "\(name)")
        }
        // The attacker's own transaction at nonce 0 executes after the attempts: they left her nonce
        // as it was, and it signs with her key, not the victim's.
        let own = try #require(run.outcomes[names[3]]?["results"]?[0])
        #expect(run.outcomes[names[3]]?["status"]?.string == "executed")
        #expect(own["derivationPath"]?.string?.hasPrefix("oidc/https://accounts.google.com/chainmail-demo/mallory@evil.example,") == true)
        for outcome in run.outcomes.values {
            for result in outcome["results"]?.array ?? [] {
                #expect(result["derivationPath"]?.string?.hasPrefix(victim.path) != true)
            }
        }
    }

    @Test("replay checks that To or Cc names the service only with --service-address")
    func serviceAddressRule() async throws {
        let names = ["01-awaiting-carol-adds-dave.eml", "02-executed-dave-consents-by-reply.eml", "14-rejected-carol-to-another-service.eml"]
        let paths = names.map { Self.folder.appendingPathComponent($0).path }
        let unchecked = try await Self.replay(paths)
        #expect(unchecked.outcomes[names[2]]?["status"]?.string == "executed")
        let checked = try await Self.replay(["--service-address", PipelineFixture.consentServiceAddress] + paths)
        #expect(checked.outcomes[names[2]]?["status"]?.string == "rejected")
        #expect(checked.outcomes[names[2]]?["reason"]?.string == "not_addressed_to_service")
        let elsewhere = try await Self.replay(["--service-address", "other@chainmail.test"] + paths)
        // Another deployment's address: none of the mails is for it, and nothing executes.
        #expect(elsewhere.outcomes[names[0]]?["reason"]?.string == "not_addressed_to_service")
        #expect(elsewhere.outcomes[names[2]]?["reason"]?.string == "not_addressed_to_service")
        #expect(elsewhere.summary["executed"]?.uint == 0)
    }
}
