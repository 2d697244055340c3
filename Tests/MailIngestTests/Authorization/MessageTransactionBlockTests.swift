import ChainmailTestSupport
import DKIMVerifier
import Testing

@testable import MailIngest

/// PROTOCOL.md 1.1 section 5: the block is looked for in the inline text/plain parts only, exactly once
/// in all of them, never in quoted text.
@Suite("The transaction block of a whole message")
struct MessageTransactionBlockTests {
    private let headers = "From: Alice <alice@example.com>\nTo: approve@chainmail.example\nSubject: x\nMIME-Version: 1.0\n"
    private let block = "-----BEGIN CHAINMAIL TRANSACTION-----\n{\"accountId\":\"alice\"}\n-----END CHAINMAIL TRANSACTION-----\n"

    private func find(_ text: String) -> Result<TransactionBlock?, MailParseError> { TransactionBlock.find(in: message(text)) }

    private func mixed(_ parts: [String]) -> String {
        headers + "Content-Type: multipart/mixed; boundary=b\n\n" + parts.map { "--b\n" + $0 + "\n" }.joined() + "--b--\n"
    }

    @Test("a block in the second inline text/plain part is found")
    func secondPart() throws {
        let mail = mixed(["Content-Type: text/plain\n\nHello", "Content-Type: text/plain; charset=utf-8\n\n" + block])
        #expect(try find(mail).get()?.transactionJSON == "{\"accountId\":\"alice\"}")
    }

    @Test(
        "a block only in an attachment, in text/html or in an attached message is not found",
        arguments: [
            "Content-Type: text/plain\nContent-Disposition: attachment; filename=t.txt\n\n",
            "Content-Type: text/html\n\n",
            "Content-Type: message/rfc822\n\nSubject: fwd\n\n",
            "Content-Type: multipart/alternative; boundary=c\nContent-Disposition: attachment\n\n--c\nContent-Type: text/plain\n\n",
        ]
    )
    func notInline(prefix: String) throws {
        let closing = prefix.contains("boundary=c") ? "--c--\n" : ""
        let mail = mixed(["Content-Type: text/plain\n\nHello", prefix + block + closing])
        #expect(try find(mail).get() == nil)
    }

    @Test("blocks in two inline text/plain parts are transaction_block_multiple, as two in one part are")
    func twoParts() throws {
        let mail = mixed(["Content-Type: text/plain\n\n" + block, "Content-Type: text/plain\n\n" + block])
        #expect(error(of: find(mail))?.code.name == "transaction_block_multiple")
        #expect(error(of: find(headers + "\n" + block + block))?.code.name == "transaction_block_multiple")
        // multipart/alternative with the block in the plain part and the HTML copy: one block.
        let alternative =
            headers + "Content-Type: multipart/alternative; boundary=a\n\n--a\nContent-Type: text/plain\n\n" + block
            + "--a\nContent-Type: text/html\n\n<pre>" + block + "</pre>\n--a--\n"
        #expect(try find(alternative).get() != nil)
    }

    @Test("a block in quoted text does not count, in any part")
    func quoted() throws {
        let quotedBlock = block.split(separator: "\n").map { "> " + $0 }.joined(separator: "\n") + "\n"
        #expect(try find(mixed(["Content-Type: text/plain\n\nHi", "Content-Type: text/plain\n\n" + quotedBlock])).get() == nil)
        let mail = mixed(["Content-Type: text/plain\n\n" + quotedBlock, "Content-Type: text/plain\n\n" + block])
        #expect(try find(mail).get() != nil)
    }

    @Test("every inline text part is decoded: one that does not decode is refused, as no text part is")
    func everyPartDecoded() {
        let mail = mixed(["Content-Type: text/plain\n\n" + block, "Content-Type: text/plain; charset=koi8-r\n\nx"])
        #expect(error(of: find(mail))?.code.name == "charset_unsupported")
        #expect(error(of: find(headers + "Content-Type: text/html\n\n<p>x</p>\n"))?.code.name == "no_text_part")
        #expect(
            error(of: find(mixed(["Content-Type: text/plain\n\n" + block, "Content-Type: text/plain\nContent-Type: text/plain\n\nx"])))?.code.name
                == "mime_header_repeated"
        )
    }

    @Test("an auth-target nested 100,000 deep is refused quickly, without exhausting the stack")
    func deepAuthTarget() {
        let text = "auth-target: {\"a\":" + String(repeating: "[", count: 100_000) + "\n" + block
        var result: Result<TransactionBlock?, MailParseError>?
        let cpuTime = threadCPUTime { result = TransactionBlock.find(in: text) }
        #expect(result.flatMap { error(of: $0) }?.code.name == "auth_target_invalid")
        #expect(cpuTime < .seconds(1))
    }

    @Test("inlinePlainTextParts lists the inline text/plain leaves depth-first")
    func partsInOrder() throws {
        let mail =
            headers + "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: multipart/alternative; boundary=i\n\n"
            + "--i\nContent-Type: text/plain\n\none\n--i\nContent-Type: text/html\n\nhtml\n--i--\n--o\nContent-Type: text/plain\n\ntwo\n"
            + "--o\nContent-Type: text/plain\nContent-Disposition: attachment\n\nthree\n--o--\n"
        let root = try MIMEEntity.parse(message(mail)).get()
        let texts = try TextBody.inlinePlainTextParts(root).map { try TextBody.text(of: $0).get() }
        #expect(texts == ["one", "two"])
    }
}
