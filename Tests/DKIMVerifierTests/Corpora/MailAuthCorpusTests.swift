import DKIMVerifier
import Foundation
import Testing

/// stalwartlabs/mail-auth's DKIM messages (testdata/corpora/mail-auth): DNS records, a blank line,
/// then an LF message. 001 is RFC 8463's example; 004 and 006 are real mail.
@Suite("mail-auth corpus")
struct MailAuthCorpusTests {
    static let files = ["001.txt", "002.txt", "003.txt", "004.txt", "005.txt", "006.txt"]

    @Test("every signature passes at the time the corpus gives, with the default policy", arguments: files)
    func everySignaturePasses(_ file: String) async throws {
        let text = try CorpusFiles.text("mail-auth/\(file)")
        let parts = text.components(separatedBy: "\n\n")
        let records = parts[0]
        let message = parts.dropFirst().joined(separator: "\n\n")
        let verifier = DKIMVerifier(resolver: StaticKeyResolver(fakeDNSText: records))
        let verdict = await verifier.verify(message: Array(message.utf8), now: 1_667_900_000)
        #expect(!verdict.signatures.isEmpty)
        for signature in verdict.signatures {
            #expect(signature.result == .pass, "\(file) d=\(signature.domain) s=\(signature.selector): \(signature.reason)")
        }
    }

    @Test("RFC 8463's example carries one ed25519 and one RSA signature")
    func rfc8463ExampleHasBothAlgorithms() async throws {
        let text = try CorpusFiles.text("mail-auth/001.txt")
        let parts = text.components(separatedBy: "\n\n")
        let verdict = await DKIMVerifier(resolver: StaticKeyResolver(fakeDNSText: parts[0]))
            .verify(message: Array(parts.dropFirst().joined(separator: "\n\n").utf8), now: 1_667_900_000)
        #expect(Set(verdict.passing.map(\.algorithm)) == ["ed25519-sha256", "rsa-sha256"])
    }
}
