import Testing

@testable import ChainTransactions

@Suite("DisplayText")
struct DisplayTextTests {
    @Test("plain ASCII is untouched")
    func ascii() {
        let text = "Ethereum Mainnet (L1) - ETH/USD 100% ok!"
        #expect(DisplayText.escaped(text, limit: 100) == text)
    }

    @Test("letters of other scripts, accents and emoji are kept")
    func unicodeKept() {
        for text in ["Éthérée", "以太坊", "Ελληνικά", "Ethereum 🚀", "नमस्ते", "e\u{0301}"] {
            #expect(DisplayText.escaped(text, limit: 100) == text)
        }
    }

    @Test("bidi controls are escaped, U+202E among them")
    func bidi() {
        #expect(DisplayText.escaped("abc\u{202E}fed", limit: 100) == "abc\\u{202E}fed")
        for scalar: UInt32 in [0x202A, 0x202B, 0x202C, 0x202D, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C] {
            let text = String(Character(Unicode.Scalar(scalar)!))
            #expect(DisplayText.escaped(text, limit: 10) == "\\u{" + String(scalar, radix: 16, uppercase: true).leftPadded(4) + "}")
        }
    }

    @Test("zero-width, invisible and format characters, tags and variation selectors are escaped")
    func invisible() {
        let scalars: [UInt32] = [
            0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF, 0x00AD, 0x180E, 0x034F, 0xFE0F, 0xFE00,
            0xE0001, 0xE0041, 0xE007F, 0xE0100, 0x2028, 0x2029, 0x00A0, 0x3000, 0x3164, 0xE000, 0x0378, 0x0000, 0x001B, 0x007F, 0x0085,
        ]
        for scalar in scalars {
            let text = "a" + String(Character(Unicode.Scalar(scalar)!)) + "b"
            #expect(DisplayText.escaped(text, limit: 10) == "a\\u{" + String(scalar, radix: 16, uppercase: true).leftPadded(4) + "}b")
        }
        #expect(DisplayText.escaped("line\nbreak\r\ttab", limit: 100) == "line\\u{000A}break\\u{000D}\\u{0009}tab")
    }

    @Test("backslashes and quotes are escaped so the text cannot close a quote")
    func quotes() {
        #expect(DisplayText.escaped(#"a"b\c"#, limit: 10) == #"a\"b\\c"#)
        #expect(DisplayText.escaped(#"\u{202E}"#, limit: 10) == #"\\u{202E}"#)
    }

    @Test("a 1,000-character string is cut at the limit and says how much was cut")
    func cut() {
        let text = String(repeating: "x", count: 1_000)
        #expect(DisplayText.escaped(text, limit: 64) == String(repeating: "x", count: 64) + " … (cut: 936 more characters)")
        #expect(
            DisplayText.escaped(String(repeating: "y", count: 1_300), limit: 66) == String(repeating: "y", count: 66)
                + " … (cut: 1,234 more characters)"
        )
        #expect(DisplayText.escaped("abc", limit: 2) == "ab … (cut: 1 more character)")
        #expect(DisplayText.escaped("abc", limit: 3) == "abc")
        #expect(DisplayText.escaped("abc", limit: 0) == " … (cut: 3 more characters)")
        #expect(DisplayText.escaped(String(repeating: "\u{202E}", count: 5), limit: 2) == "\\u{202E}\\u{202E} … (cut: 3 more characters)")
    }

    @Test("counts are grouped by thousands")
    func grouping() {
        #expect(DisplayText.grouped(0) == "0")
        #expect(DisplayText.grouped(999) == "999")
        #expect(DisplayText.grouped(1_000) == "1,000")
        #expect(DisplayText.grouped(1_234_567) == "1,234,567")
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
