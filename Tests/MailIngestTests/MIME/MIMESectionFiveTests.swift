import ChainmailTestSupport
import DKIMVerifier
import Testing

@testable import MailIngest

/// PROTOCOL.md 1.1 section 5, "what decides must be signed and single", as the MIME parser enforces it,
/// and the caps on header sections.
@Suite("MIME: single fields, strict delimiters, header caps")
struct MIMESectionFiveTests {
    private let headers = "From: Alice <alice@example.com>\nTo: approve@chainmail.example\nSubject: x\n"

    private func extract(_ text: String) -> Result<String, MailParseError> { TextBody.extract(message(text)) }

    @Test(
        "Content-Type, Content-Transfer-Encoding, MIME-Version or Content-Disposition twice in the message header is mime_header_repeated",
        arguments: [
            "Content-Type: text/plain\nContent-Type: text/html\n\nx\n",
            "Content-Transfer-Encoding: 7bit\nContent-Transfer-Encoding: base64\n\nx\n",
            "MIME-Version: 1.0\nContent-Type: text/plain\nMIME-Version: 1.0\n\nx\n",
            "Content-Disposition: inline\ncontent-disposition: attachment\n\nx\n",
        ]
    )
    func repeatedInMessage(fields: String) {
        #expect(error(of: extract(headers + fields))?.code.name == "mime_header_repeated")
    }

    @Test("the same fields twice in one part's header are mime_header_repeated; once per part is fine")
    func repeatedInPart() throws {
        for field in ["Content-Type: text/plain", "Content-Transfer-Encoding: 8bit", "MIME-Version: 1.0"] {
            let mail =
                headers + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\(field)\n\(field)\n\nhello\n--b--\n"
            #expect(error(of: extract(mail))?.code.name == "mime_header_repeated", "\(field)")
        }
        let fine =
            headers + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nMIME-Version: 1.0\n"
            + "Content-Type: text/plain\nContent-Transfer-Encoding: 8bit\n\nhello\n--b\nContent-Type: text/plain\n\nbye\n--b--\n"
        #expect(try extract(fine).get() == "hello")
    }

    @Test(
        "a line that starts with the delimiter but carries more than white space is mime_malformed, wherever it is",
        arguments: [
            "--b\n\n--bx not a delimiter\n--b--\n",  // inside a part
            "--b\n\nx\n--b-x\n--b--\n",  // one dash short of a close
            "--b\n\nx\n--b-- trailing\n",  // a close delimiter with text after it
            "--b\n\nx\n--b--x\n",
            "--b junk\n\nx\n--b--\n",  // a delimiter with text after it
            "preamble\n--bb\n--b\n\nx\n--b--\n",  // in the preamble
            "--b\n\nx\n--b--\nepilogue\n--b\n\nsecond body\n--b--\n",  // a delimiter after the close delimiter
            "--b\n\nx\n--b--\n--b--\n",
            "--b\n\nx\n--b--\n--b2\n",  // in the epilogue
        ]
    )
    func delimiterWithMore(body: String) {
        let mail = headers + "Content-Type: multipart/mixed; boundary=b\n\n" + body
        #expect(error(of: extract(mail))?.code.name == "mime_malformed")
    }

    @Test("transport padding after a delimiter is still allowed, and the epilogue is otherwise ignored")
    func paddingAllowed() throws {
        let mail = headers + "Content-Type: multipart/mixed; boundary=b\n\n--b \t\n\nx\n--b-- \nepilogue -- b\n"
        #expect(try extract(mail).get() == "x")
    }

    @Test("1,000 header fields are read; 1,001 are too_many_headers, in the message or in a part")
    func headerCount() throws {
        let thousand = String(repeating: "X-Filler: y\n", count: 997)
        #expect(try extract(headers + thousand + "\nbody\n").get() == "body\n")
        #expect(error(of: extract(headers + thousand + "X-Filler: y\n\nbody\n"))?.code.name == "too_many_headers")
        let part =
            headers + "Content-Type: multipart/mixed; boundary=b\n\n--b\n" + String(repeating: "X: y\n", count: 1001) + "\nx\n--b--\n"
        #expect(error(of: extract(part))?.code.name == "too_many_headers")
        #expect(HeaderSectionLimits.check(message(headers + thousand + "\nbody\n")) == nil)
        #expect(HeaderSectionLimits.check(message(headers + thousand + "X: y\n\nbody\n"))?.code.name == "too_many_headers")
    }

    @Test("a header line of 998 characters is read; 999 is header_line_too_long; body lines are not limited")
    func headerLineLength() throws {
        let longest = "X-Long: " + String(repeating: "a", count: 990)
        #expect(try extract(headers + longest + "\n\nbody\n").get() == "body\n")
        #expect(error(of: extract(headers + longest + "a\n\nbody\n"))?.code.name == "header_line_too_long")
        // Folded, each line stays within the limit.
        #expect(try extract(headers + longest + "\n " + String(repeating: "b", count: 990) + "\n\nbody\n").get() == "body\n")
        // The last header line of a message without a body counts too.
        #expect(HeaderSectionLimits.check(message(headers + longest + "a"))?.code.name == "header_line_too_long")
        let longBody = String(repeating: "c", count: 5000)
        #expect(try extract(headers + "\n" + longBody).get() == longBody)
    }

    @Test("hostile multipart bodies are read in linear time: 200,000 near-delimiter lines, 1 MB of dashes")
    func linearMultipart() {
        let near =
            headers + "Content-Type: multipart/mixed; boundary=bbbbbbbbbb\n\n--bbbbbbbbbb\n\n"
            + String(repeating: "--bbbbbbbbb\n", count: 200_000) + "--bbbbbbbbbb--\n"
        var outcome: Result<String, MailParseError>?
        // 2.4 MB: 0.9 s of CPU in a debug build on an idle day, 1.09 s on a slow one.
        var cpuTime = threadCPUTime { outcome = extract(near) }
        #expect(cpuTime < largeInputCPUBound)
        #expect((try? outcome?.get())?.utf8.count == 200_000 * 12 - 1)
        let dashes = headers + "Content-Type: multipart/mixed; boundary=b\n\n" + String(repeating: "-", count: 1_000_000)
        cpuTime = threadCPUTime { outcome = extract(dashes) }
        #expect(cpuTime < .seconds(1))
        #expect(outcome.flatMap { error(of: $0) }?.code.name == "mime_malformed")
    }
}
