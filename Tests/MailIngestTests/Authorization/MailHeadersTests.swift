import DKIMVerifier
import Testing

@testable import MailIngest

@Suite("Subject, Message-ID and References")
struct MailHeadersTests {
    private let txHash = "bf6baaf3357ea09424e02d48e70066b3b3c34783b5139310c9b7375f7a4dc8d6"

    private func subject(_ value: String) -> Result<String, MailParseError> {
        MailHeaders.subject(message("From: a@example.com\nSubject:\(value)\n\nbody\n"))
    }

    @Test("the subject is unfolded, trimmed and RFC 2047 decoded")
    func decoding() throws {
        #expect(try subject(" Approve \(txHash)").get() == "Approve \(txHash)")
        #expect(try subject(" Approve\n  \(txHash)\n").get() == "Approve  \(txHash)")
        #expect(try subject(" =?UTF-8?B?w4ltaXM=?= =?UTF-8?Q?_=E2=82=AC?= \(txHash)").get() == "Émis € \(txHash)")
        #expect(try subject(" =?ISO-8859-1?Q?Caf=E9?= ok").get() == "Café ok")
        #expect(try subject(" Zoë says hi").get() == "Zoë says hi")
        #expect(try subject(" =?utf-8?q?a=0D=0ABcc:_x?=").get() == "a  Bcc: x")
        #expect(try subject("").get() == "")
    }

    @Test("exactly one Subject field is required")
    func fieldCount() {
        #expect(error(of: MailHeaders.subject(message("From: a@example.com\n\nbody\n")))?.code.name == "subject_missing")
        let two = message("Subject: one\nFrom: a@example.com\nsubject: two\n\nbody\n")
        #expect(error(of: MailHeaders.subject(two))?.code.name == "subject_multiple_fields")
        let latin1 = ParsedMessage(Array("Subject: caf".utf8) + [0xE9] + Array("\r\n\r\nbody\r\n".utf8))
        #expect(error(of: MailHeaders.subject(latin1))?.code.name == "subject_invalid")
    }

    @Test("containsTxHash compares 64-hex hashes case-insensitively and never matches a non-hash")
    func containsTxHash() {
        #expect(MailHeaders.containsTxHash("Approve \(txHash.uppercased())", txHash))
        #expect(MailHeaders.containsTxHash("[chainmail]\(txHash)]", txHash.uppercased()))
        #expect(!MailHeaders.containsTxHash("Approve \(txHash.dropLast())", txHash))
        #expect(!MailHeaders.containsTxHash("Approve \(txHash)", ""))
        #expect(!MailHeaders.containsTxHash("Approve \(txHash)", String(txHash.dropLast())))
        #expect(!MailHeaders.containsTxHash("Approve zz", "zz" + String(txHash.dropFirst(2))))
    }

    @Test("txHashCandidates lists the runs of exactly 64 hex digits")
    func candidates() {
        #expect(MailHeaders.txHashCandidates(in: "Approve \(txHash.uppercased()) please") == [txHash])
        #expect(MailHeaders.txHashCandidates(in: "a\(txHash)") == [])
        #expect(MailHeaders.txHashCandidates(in: "\(txHash)-\(txHash)") == [txHash, txHash])
        #expect(MailHeaders.txHashCandidates(in: "nothing here") == [])
    }

    @Test("Message-ID is the raw msg-id token; malformed, repeated or missing gives nil")
    func messageID() {
        #expect(MailHeaders.messageID(message("Message-ID: <CAF+x=1@mail.gmail.com>\n\nb\n")) == "<CAF+x=1@mail.gmail.com>")
        #expect(MailHeaders.messageID(message("Message-Id:\n <abc@example.com> (comment)\n\nb\n")) == "<abc@example.com>")
        #expect(MailHeaders.messageID(message("Subject: x\n\nb\n")) == nil)
        #expect(MailHeaders.messageID(message("Message-ID: <a@x>\nMessage-ID: <b@x>\n\nb\n")) == nil)
        #expect(MailHeaders.messageID(message("Message-ID: abc@example.com\n\nb\n")) == nil)
        #expect(MailHeaders.messageID(message("Message-ID: <a b@example.com>\n\nb\n")) == nil)
        #expect(MailHeaders.messageID(message("Message-ID: <nodomain>\n\nb\n")) == nil)
        #expect(MailHeaders.messageID(message("Message-ID: <a@x> <b@y>\n\nb\n")) == nil)
    }

    @Test("References lists its msg-ids in order")
    func references() {
        let parsed = message("References: <a@example.com>\n <b@example.com>(c) <c@example.com>\n\nb\n")
        #expect(MailHeaders.references(parsed) == ["<a@example.com>", "<b@example.com>", "<c@example.com>"])
        #expect(MailHeaders.references(message("Subject: x\n\nb\n")) == [])
        #expect(MailHeaders.references(message("References: <a@example.com> junk\n\nb\n")) == [])
    }
}
