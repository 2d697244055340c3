import ChainmailTestSupport
import Foundation
import Testing

@testable import DKIMVerifier
@testable import MailIngest

/// PROTOCOL.md 1.1 section 5: From and Subject once, Date at most once, the Subject's txHash tokens, and
/// `i=` speaking for the From address only.
@Suite("Section 5 header rules")
struct SectionFiveHeaderTests {
    private let hashA = "bf6baaf3357ea09424e02d48e70066b3b3c34783b5139310c9b7375f7a4dc8d6"
    private let hashB = "95c7ca9f3419b97a656abdb83990ba264ad5794ac77a73b9be25850bb81214e4"

    @Test("From and Subject exactly once and Date at most once, each refusal with its own code")
    func singleFields() {
        let base = "From: a@example.com\nSubject: s\nDate: Sat, 21 Nov 2026 06:00:00 +0000\n"
        #expect(MailHeaders.singleFieldsProblem(message(base + "\nbody\n")) == nil)
        #expect(MailHeaders.singleFieldsProblem(message("From: a@example.com\nSubject: s\n\nbody\n")) == nil)
        let cases = [
            ("Subject: s\n", "from_missing"),
            ("From: a@example.com\nfrom: b@example.com\nSubject: s\n", "from_multiple_fields"),
            ("From: a@example.com\n", "subject_missing"),
            ("From: a@example.com\nSubject: s\nSUBJECT: t\n", "subject_multiple_fields"),
            (base + "Date: Sun, 22 Nov 2026 06:00:00 +0000\n", "date_multiple_fields"),
        ]
        for (header, code) in cases {
            #expect(MailHeaders.singleFieldsProblem(message(header + "\nbody\n"))?.code.name == code, "\(header)")
        }
    }

    @Test("the one Date is read (folded, with comments); none or an unreadable one is nil; two are refused")
    func date() throws {
        let one = message("From: a@example.com\nDate: Sat, 21 Nov 2026\n 06:00:00 +0000 (UTC)\n\nbody\n")
        #expect(try MailHeaders.date(one).get() == Date(timeIntervalSince1970: 1_795_240_800))
        #expect(try MailHeaders.date(message("From: a@example.com\n\nbody\n")).get() == nil)
        #expect(try MailHeaders.date(message("Date: 1 Jan 99999999999999999 00:00:00 +0000\n\nbody\n")).get() == nil)
        let two = message("Date: Sat, 21 Nov 2026 06:00:00 +0000\nDate: Sat, 21 Nov 2026 07:00:00 +0000\n\nbody\n")
        #expect(error(of: MailHeaders.date(two))?.code.name == "date_multiple_fields")
    }

    @Test("with a block, its txHash must be among the Subject's 64-hex runs")
    func withBlock() throws {
        #expect(try MailHeaders.authorisedTxHash(subject: "Approve \(hashB) and \(hashA)", blockTxHash: hashA.uppercased()).get() == hashA)
        #expect(error(of: MailHeaders.authorisedTxHash(subject: "Approve \(hashB)", blockTxHash: hashA))?.code.name == "tx_hash_mismatch")
        // Inside a longer hex run the hash is not named.
        #expect(error(of: MailHeaders.authorisedTxHash(subject: "Approve 0\(hashA)", blockTxHash: hashA))?.code.name == "tx_hash_not_in_subject")
        #expect(error(of: MailHeaders.authorisedTxHash(subject: "Approve it", blockTxHash: hashA))?.code.name == "tx_hash_not_in_subject")
    }

    @Test("without a block, the Subject must name exactly one txHash")
    func withoutBlock() throws {
        #expect(try MailHeaders.authorisedTxHash(subject: "Approve \(hashA.uppercased())", blockTxHash: nil).get() == hashA)
        #expect(try MailHeaders.authorisedTxHash(subject: "\(hashA) (\(hashA))", blockTxHash: nil).get() == hashA)
        #expect(error(of: MailHeaders.authorisedTxHash(subject: "\(hashA) \(hashB)", blockTxHash: nil))?.code.name == "tx_hash_ambiguous")
        #expect(error(of: MailHeaders.authorisedTxHash(subject: "\(hashA)\(hashB)", blockTxHash: nil))?.code.name == "tx_hash_not_in_subject")
        #expect(error(of: MailHeaders.authorisedTxHash(subject: "", blockTxHash: nil))?.code.name == "tx_hash_not_in_subject")
    }

    @Test("containsTxHash does not find a hash inside a longer hex run")
    func containsInsideRun() {
        #expect(!MailHeaders.containsTxHash("Approve a\(hashA)", hashA))
        #expect(!MailHeaders.containsTxHash("Approve \(hashA)0", hashA))
        #expect(MailHeaders.containsTxHash("Approve 0x\(hashA)", hashA))
    }

    @Test("the Subject's hash tokens are found in linear time in a 1 MB subject of hex digits")
    func linearCandidates() {
        let subject = String(repeating: hashA + " ", count: 15_000) + String(repeating: "a", count: 100_000)
        var named: [String] = []
        let cpuTime = threadCPUTime { named = MailHeaders.txHashCandidates(in: subject) }
        #expect(named.count == 15_000)
        #expect(cpuTime < .seconds(1))
    }

    private func signature(identity: String?) throws -> DKIMSignature {
        let tag = identity.map { " i=\($0);" } ?? ""
        let parsed = message("DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s;\(tag) h=from:subject; bh=YWJj; b=YWJj\n\nbody\n")
        guard case .success(let signature) = DKIMSignature.parse(parsed.headers[0], in: parsed.bytes) else { throw Unparsed() }
        return signature
    }

    private struct Unparsed: Error {}

    @Test("an i= local part must be the From address's; no i= or i=@domain is fine")
    func signingIdentity() throws {
        let sender = Mailbox(displayName: nil, address: "alice@example.com")
        #expect(MailHeaders.signingIdentityProblem(try signature(identity: nil), sender: sender) == nil)
        #expect(MailHeaders.signingIdentityProblem(try signature(identity: "@mail.example.com"), sender: sender) == nil)
        #expect(MailHeaders.signingIdentityProblem(try signature(identity: "Alice@example.com"), sender: sender) == nil)
        #expect(
            MailHeaders.signingIdentityProblem(try signature(identity: "bob@example.com"), sender: sender)?.code.name == "dkim_identity_not_sender"
        )
        #expect(
            MailHeaders.signingIdentityProblem(try signature(identity: "alice=40x@example.com"), sender: sender)?.code.name
                == "dkim_identity_not_sender"
        )
    }
}
