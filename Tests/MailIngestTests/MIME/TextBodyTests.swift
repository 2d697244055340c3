import ChainmailTestSupport
import DKIMVerifier
import Foundation
import Testing

@testable import MailIngest

@Suite("Text body extraction")
struct TextBodyTests {
    private let headers = "From: Alice <alice@example.com>\nTo: approve@chainmail.example\nSubject: x\n"
    private let transaction =
        #"{"accountId":"alice","nonce":0,"actions":[{"type":"CallChainSig","args":{"payload":"c2ee0e7a2b1f5b6ad1b4b5b7a9f1d36a8f3e0f5bb9e0c6f1d2a3b4c5d6e7f809","keyVersion":0,"path":"ethereum,1"}}]}"#

    private func extract(_ text: String) -> Result<String, MailParseError> { TextBody.extract(message(text)) }
    private func extract(bytes: [UInt8]) -> Result<String, MailParseError> { TextBody.extract(ParsedMessage(bytes)) }

    @Test("a message without MIME headers is text/plain us-ascii, line ends LF")
    func nonMIME() throws {
        #expect(try extract(headers + "\nHello\nworld\n").get() == "Hello\nworld\n")
        #expect(try extract(headers).get() == "")
        #expect(try extract(headers + "\nZoë\n").get() == "Zoë\n")
    }

    @Test("quoted-printable text/plain")
    func quotedPrintable() throws {
        let text = try extract(
            headers + "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: Quoted-Printable\n\n"
                + "caf=C3=A9 soft=\nbreak=20\nlong=3Dline\n"
        ).get()
        #expect(text == "café softbreak \nlong=line\n")
    }

    @Test("base64 text/plain with line breaks")
    func base64() throws {
        let encoded = Data("Grüße, € and a block\n".utf8).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        let body =
            "Content-Type: text/plain; charset=\"UTF-8\"\nContent-Transfer-Encoding: base64\n\n" + encoded.prefix(10) + "\n" + encoded.dropFirst(10)
            + "\n"
        #expect(try extract(headers + body).get() == "Grüße, € and a block\n")
    }

    @Test("multipart/alternative as Gmail sends it: the text/plain alternative, QP soft breaks joined")
    func gmailAlternative() throws {
        let qpTransaction = String(transaction.prefix(70)) + "=\n" + String(transaction.dropFirst(70))
        let mail = """
            MIME-Version: 1.0
            Date: Tue, 3 Mar 2026 10:00:00 +0100
            Message-ID: <CAFx1=abc@mail.gmail.com>
            Subject: Approve bf6baaf3357ea09424e02d48e70066b3b3c34783b5139310c9b7375f7a4dc8d6
            From: Alice <alice@gmail.com>
            To: approve@chainmail.example
            Content-Type: multipart/alternative; boundary="000000000000d3e1f2062f8a9b4c"

            --000000000000d3e1f2062f8a9b4c
            Content-Type: text/plain; charset="UTF-8"
            Content-Transfer-Encoding: quoted-printable

            Hi,

            -----BEGIN CHAINMAIL TRANSACTION-----
            \(qpTransaction)
            -----END CHAINMAIL TRANSACTION-----

            --000000000000d3e1f2062f8a9b4c
            Content-Type: text/html; charset="UTF-8"
            Content-Transfer-Encoding: quoted-printable

            <div dir=3D"ltr">Hi,<br><br>-----BEGIN CHAINMAIL TRANSACTION-----<br></div>

            --000000000000d3e1f2062f8a9b4c--

            """
        let text = try extract(mail).get()
        #expect(text.hasPrefix("Hi,\n\n-----BEGIN"))
        let block = try #require(try TransactionBlock.find(in: text).get())
        #expect(block.transactionJSON == transaction)
    }

    @Test("multipart/alternative as Outlook sends it: Windows-1252 quoted-printable, € at 0x80")
    func outlookAlternative() throws {
        let mail = """
            From: Bob Builder <bob@contoso.example>
            To: approve@chainmail.example
            Subject: approve
            Content-Type: multipart/alternative;
            \tboundary="_000_AM0PR07MB12345678AM0PR07MB1234_"
            MIME-Version: 1.0

            --_000_AM0PR07MB12345678AM0PR07MB1234_
            Content-Type: text/plain; charset="Windows-1252"
            Content-Transfer-Encoding: quoted-printable

            Costs =80 5=85 =93quoted=94
            --_000_AM0PR07MB12345678AM0PR07MB1234_
            Content-Type: text/html; charset="Windows-1252"
            Content-Transfer-Encoding: quoted-printable

            <html><body>Costs =80 5</body></html>
            --_000_AM0PR07MB12345678AM0PR07MB1234_--

            """
        #expect(try extract(mail).get() == "Costs € 5… “quoted”")
    }

    @Test("nested multipart/mixed: attachments are skipped, even text/plain ones before the body")
    func nestedMixed() throws {
        let mail = """
            \(headers)Content-Type: multipart/mixed; boundary=outer

            This is a multi-part message in MIME format.
            -----BEGIN CHAINMAIL TRANSACTION-----
            {"preamble": true}
            -----END CHAINMAIL TRANSACTION-----
            --outer
            Content-Type: text/plain; name="notes.txt"
            Content-Disposition: attachment; filename="notes.txt"

            attachment text
            --outer
            Content-Type: message/rfc822

            Subject: forwarded

            forwarded text
            --outer
            Content-Type: multipart/alternative; boundary="inner"

            --inner
            Content-Type: text/html

            <p>html</p>
            --inner
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: 8bit
            Content-Disposition: inline

            body text
            --inner--
            --outer
            Content-Type: application/pdf; name="r\u{E9}sum\u{E9}.pdf"; broken name
            Content-Disposition: attachment; filename=broken name.pdf
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --outer--
            epilogue -----BEGIN CHAINMAIL TRANSACTION-----
            """
        #expect(try extract(mail).get() == "body text")
    }

    @Test("ISO-8859-1 and Windows-1252 8-bit bodies")
    func eightBitCharsets() throws {
        let latin1 = Array((headers + "Content-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: 8bit\n\ncaf").utf8) + [0xE9, 0x0A]
        #expect(try extract(bytes: latin1).get() == "café\n")
        let cp1252 = Array((headers + "Content-Type: text/plain; charset=windows-1252\n\n").utf8) + [0x80, 0x20, 0x31, 0x30, 0x0A]
        #expect(try extract(bytes: cp1252).get() == "€ 10\n")
        let undefined = Array((headers + "Content-Type: text/plain; charset=windows-1252\n\n").utf8) + [0x81]
        #expect(error(of: extract(bytes: undefined))?.code.name == "charset_invalid")
    }

    @Test("unsupported charsets, invalid UTF-8 and bad transfer encodings are refused")
    func decodingErrors() {
        #expect(error(of: extract(headers + "Content-Type: text/plain; charset=koi8-r\n\nx\n"))?.code.name == "charset_unsupported")
        let badUTF8 = Array((headers + "Content-Type: text/plain; charset=utf-8\n\n").utf8) + [0xC3, 0x28]
        #expect(error(of: extract(bytes: badUTF8))?.code.name == "charset_invalid")
        #expect(error(of: extract(headers + "Content-Transfer-Encoding: x-uuencode\n\nx\n"))?.code.name == "transfer_encoding_invalid")
        #expect(error(of: extract(headers + "Content-Transfer-Encoding: quoted-printable\n\nbad =ZZ\n"))?.code.name == "transfer_encoding_invalid")
        #expect(error(of: extract(headers + "Content-Transfer-Encoding: base64\n\n!!!!\n"))?.code.name == "transfer_encoding_invalid")
    }

    @Test("no text/plain part that is not an attachment gives no_text_part")
    func noTextPart() {
        #expect(error(of: extract(headers + "Content-Type: text/html\n\n<p>x</p>\n"))?.code.name == "no_text_part")
        let onlyAttachment = headers + "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Disposition: attachment\n\nx\n--b--\n"
        #expect(error(of: extract(onlyAttachment))?.code.name == "no_text_part")
    }

    @Test("transport padding after delimiters and an empty-header part default to text/plain")
    func transportPadding() throws {
        let mail = headers + "Content-Type: multipart/mixed; boundary=\"b c\"\n\n--b c \t\n\nfirst\n--b c--  \n"
        #expect(try extract(mail).get() == "first")
        // PROTOCOL.md 1.1 section 5: a line that starts with the delimiter and carries more is
        // mime_malformed (see MIMESectionFiveTests); lines that do not start with it are text.
        let lookalike = headers + "Content-Type: multipart/mixed; boundary=b\n\n--b\n\n-- b not a delimiter\n-b-x\n--c\n--b--\n"
        #expect(try extract(lookalike).get() == "-- b not a delimiter\n-b-x\n--c")
    }

    @Test("RFC 2231 boundary continuation")
    func continuedBoundary() throws {
        let mail = headers + "Content-Type: multipart/mixed; boundary*0=\"ab\"; boundary*1=\"cd\"\n\n--abcd\n\nhello\n--abcd--\n"
        #expect(try extract(mail).get() == "hello")
    }

    @Test("format=flowed soft breaks are joined, so a wrapped auth-target line survives")
    func formatFlowed() throws {
        let body =
            "auth-target: {\"type\":\"PubKey\", \n \"value\":\"evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4\"}\n"
            + "-----BEGIN CHAINMAIL TRANSACTION-----\n{} \n-----END CHAINMAIL TRANSACTION-----\n> quoted \n> more\n-- \nsig\n"
        let text = try extract(headers + "Content-Type: text/plain; charset=utf-8; format=flowed\n\n" + body).get()
        #expect(
            text == "auth-target: {\"type\":\"PubKey\", \"value\":\"evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4\"}\n"
                + "-----BEGIN CHAINMAIL TRANSACTION-----\n{} -----END CHAINMAIL TRANSACTION-----\n> quoted more\n-- \nsig\n"
        )
        let delsp = try extract(headers + "Content-Type: text/plain; format=flowed; delsp=yes\n\nabc \ndef\n").get()
        #expect(delsp == "abcdef\n")
    }

    @Test("malformed multipart structures are mime_malformed")
    func malformedBoundaries() {
        let cases = [
            "Content-Type: multipart/mixed\n\n--b\n\nx\n--b--\n",
            "Content-Type: multipart/mixed; boundary=\"\"\n\nx\n",
            "Content-Type: multipart/mixed; boundary=b\n\nno delimiter at all\n",
            "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nnever closed\n",
            "Content-Type: multipart/mixed; boundary=b\n\n--b--\n",
            "Content-Type: multipart/mixed; boundary=\"\(String(repeating: "b", count: 71))\"\n\n--b\n",
            "Content-Type: multipart/mixed; boundary=\"b \"\n\n--b \n\nx\n--b --\n",
            "Content-Type: multipart/mixed; boundary=\"b<>\"\n\n--b<>\n\nx\n--b<>--\n",
            "Content-Type: multipart/mixed; boundary=b\nContent-Transfer-Encoding: base64\n\n--b\n\nx\n--b--\n",
            "Content-Type: multipart/mixed; boundary=b\n\n--b\nthis line has no colon\n\nx\n--b--\n",
            "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: multipart/alternative; boundary=c\n\n--c\n\nx\n--b--\n",
            "Content-Type: text/plain; charset=\"utf-8\n\nx\n",
            "Content-Type: ;\n\nx\n",
        ]
        for body in cases {
            #expect(error(of: extract(headers + body))?.code.name == "mime_malformed", "\(body)")
        }
    }

    @Test("1,000-deep nesting is refused quickly as too_deep; 10 levels are fine")
    func deepNesting() throws {
        func nested(_ depth: Int) -> String {
            var mail = headers
            // b1x is no prefix of b10x: a delimiter line starting with another's boundary would be mime_malformed.
            for level in 0..<depth { mail += "Content-Type: multipart/mixed; boundary=\"b\(level)x\"\n\n--b\(level)x\n" }
            mail += "Content-Type: text/plain\n\ndeep\n"
            for level in (0..<depth).reversed() { mail += "--b\(level)x--\n" }
            return mail
        }
        // The work the refusal costs, on this thread's CPU clock: wall time also counts the waits of
        // a machine shared with hundreds of parallel tests and their peers.
        let cpuTime = threadCPUTime { #expect(error(of: extract(nested(1000)))?.code.name == "too_deep") }
        #expect(cpuTime < .seconds(1))
        #expect(error(of: extract(nested(11)))?.code.name == "too_deep")
        #expect(try extract(nested(10)).get() == "deep")
    }

    @Test("more than 100 parts is too_many_parts; 100 are fine")
    func partCount() throws {
        func parts(_ count: Int) -> String {
            headers + "Content-Type: multipart/mixed; boundary=b\n\n" + String(repeating: "--b\n\npart\n", count: count) + "--b--\n"
        }
        #expect(try extract(parts(100)).get() == "part")
        #expect(error(of: extract(parts(101)))?.code.name == "too_many_parts")
        #expect(error(of: extract(parts(100_000)))?.code.name == "too_many_parts")
        // Parts are counted over the whole tree.
        let nested =
            headers + "Content-Type: multipart/mixed; boundary=o\n\n"
            + String(
                repeating: "--o\nContent-Type: multipart/mixed; boundary=i\n\n" + String(repeating: "--i\n\np\n", count: 30) + "--i--\n",
                count: 4
            )
            + "--o--\n"
        #expect(error(of: extract(nested))?.code.name == "too_many_parts")
    }

    @Test("mutated messages never crash and always get a verdict")
    func mutations() {
        let seedMail = Array(
            (headers + "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: multipart/alternative; boundary=i\n\n--i\n"
                + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nab=C3=A9 x=\ny\n--i\n"
                + "Content-Type: text/plain; charset*0*=utf-8''%41; format=flowed\nContent-Transfer-Encoding: base64\n\naGk=\n--i--\n--o--\n").utf8
        )
        var generator = SplitMix64(seed: 0x5EED)
        let alphabet = Array("-=\n\r;:\"\\()<>?*' abo0123456789ABCDEF%\u{80}".utf8)
        for _ in 0..<3000 {
            var bytes = seedMail
            for _ in 0..<Int(generator.next() % 6 + 1) {
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: position)
                default: bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
                }
            }
            let parsed = ParsedMessage(bytes)
            if case .success(let text) = TextBody.extract(parsed) { #expect(text.utf8.count <= 2 * bytes.count) }
            _ = FromMailbox.parse(parsed)
            _ = MailHeaders.subject(parsed)
        }
    }
}

/// A small deterministic generator, so a failing mutation can be replayed.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
