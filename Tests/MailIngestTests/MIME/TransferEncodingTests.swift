import ByteEncoding
import Testing

@testable import MailIngest

@Suite("Content-Transfer-Encoding")
struct TransferEncodingTests {
    private func qp(_ text: String) -> String? {
        QuotedPrintableDecoder.decode(Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("quoted-printable: escapes either case, soft breaks, trailing white space dropped")
    func quotedPrintable() {
        #expect(qp("caf=C3=A9 =e2=82=ac") == "café €")
        #expect(qp("soft=\r\nbreak") == "softbreak")
        #expect(qp("soft= \t\r\nbreak") == "softbreak")
        #expect(qp("trailing   \r\nline\t\r\n") == "trailing\r\nline\r\n")
        #expect(qp("keep=20\r\n") == "keep \r\n")
        #expect(qp("ends with =") == "ends with ")
        #expect(qp("") == "")
    }

    @Test("quoted-printable: an = not followed by two hex digits is an error")
    func quotedPrintableInvalid() {
        for text in ["=ZZ", "=4", "a=4\r\nb", "=\u{00}0", "= x\r\n", "=G0"] {
            #expect(qp(text) == nil, "\(text)")
        }
    }

    @Test("base64: line breaks and white space ignored, padding optional, anything else an error")
    func base64() {
        func decode(_ text: String) -> String? { Base64.decode(bytes: Array(text.utf8), .mime).map { String(decoding: $0, as: UTF8.self) } }
        #expect(decode("aGVsbG8g\r\nd29y bGQ=\r\n") == "hello world")
        #expect(decode("aGVsbG8gd29ybGQ") == "hello world")
        #expect(decode("YQ==") == "a")
        #expect(decode("YQ") == "a")
        #expect(decode("") == "")
        for bad in ["Y", "YQ=", "YQ===", "YQ==YQ==", "a*bc", "=YQ", "YWJj=", "YW-j"] {
            #expect(decode(bad) == nil, "\(bad)")
        }
    }

    @Test("decoded bodies are never longer than the encoded ones")
    func decodedSizeBound() throws {
        let inputs = ["=41=42\r\nplain text", "aGVsbG8=", "a\r\n\r\n"]
        for input in inputs {
            for encoding in [ContentTransferEncoding.quotedPrintable, .base64, .sevenBit] {
                if case .success(let decoded) = encoding.decode(Array(input.utf8)) { #expect(decoded.count <= input.utf8.count) }
            }
        }
    }

    @Test("encoding names are case-insensitive; unknown ones are not encodings")
    func names() {
        #expect(ContentTransferEncoding(fieldValue: " Quoted-Printable ") == .quotedPrintable)
        #expect(ContentTransferEncoding(fieldValue: "BASE64") == .base64)
        #expect(ContentTransferEncoding(fieldValue: "x-uuencode") == nil)
    }
}
