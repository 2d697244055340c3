import DKIMVerifier
import Foundation
import Testing

/// chainmail's verifier against mail signed by implementations it did not write: every message
/// the peer signed must pass and every tampered twin must fail, under the default policy.
@Suite("DKIM cross-implementation: peers sign, chainmail verifies")
struct CrossImplementationTests {
    @Test("verifies every peer-signed message as the manifest says", arguments: PeerSigner.allCases)
    func verifiesPeerCorpus(peer: PeerSigner) async throws {
        let workspace = FileManager.default.temporaryDirectory
            .appendingPathComponent("chainmail-dkim-\(peer.rawValue)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workspace) }

        let corpus = try await peer.generateCorpus(into: workspace)
        try checkCoverage(of: corpus, from: peer)

        let verifier = DKIMVerifier(resolver: try StaticKeyResolver(fakeDNSFile: corpus.dnsFile.path))
        var passed = 0
        var failed = 0
        for entry in corpus.entries {
            let verdict = await verifier.verify(message: try corpus.message(entry), now: entry.now)
            let reasons = verdict.signatures.map { "\($0.result.rawValue): \($0.reason)" }.joined(separator: "; ")
            #expect(verdict.result.rawValue == entry.expect, "\(entry) → \(verdict.result.rawValue) (\(reasons))")
            #expect(verdict.signatures.count == 1, "\(entry) has one DKIM-Signature, verifier saw \(verdict.signatures.count)")
            if let signature = verdict.signatures.first {
                #expect(signature.domain == entry.domain, "\(entry)")
                #expect(signature.selector == entry.selector, "\(entry)")
                #expect(signature.algorithm == entry.algorithm, "\(entry)")
            }
            if verdict.result == .pass { passed += 1 } else if verdict.result == .fail { failed += 1 }
        }
        #expect(passed == corpus.entries.count(where: { $0.expect == "pass" }))
        #expect(failed == corpus.entries.count(where: { $0.expect == "fail" }))
    }

    /// A generator that quietly lost a key type, a canonicalisation or its tampered twins would let
    /// a broken verifier through, so the corpus itself is checked first.
    private func checkCoverage(of corpus: SignedCorpus, from peer: PeerSigner) throws {
        let entries = corpus.entries
        try #require(entries.count >= 100, "\(peer) wrote only \(entries.count) messages")
        #expect(Set(entries.map(\.algorithm)) == peer.expectedAlgorithms)
        #expect(Set(entries.map(\.canon)) == ["simple/simple", "relaxed/relaxed", "relaxed/simple", "simple/relaxed"])
        #expect(Set(entries.map(\.expect)) == ["pass", "fail"])
        for kind in ["-tampered-body.eml", "-tampered-header.eml", "-tampered-added-header.eml"] {
            #expect(entries.contains { $0.file.hasSuffix(kind) && $0.expect == "fail" }, "\(peer) wrote no \(kind) twins")
        }
        for name in ["folded-headers", "odd-whitespace", "long-body", "empty-body", "trailing-blank-lines", "utf8-body", "latin1-body"] {
            #expect(entries.contains { $0.file.contains("-\(name).eml") && $0.expect == "pass" }, "\(peer) signed no \(name) message")
        }
        let longest = try entries.map { try corpus.message($0).count }.max() ?? 0
        #expect(longest >= 200_000, "\(peer)'s longest message is \(longest) bytes")
    }
}
