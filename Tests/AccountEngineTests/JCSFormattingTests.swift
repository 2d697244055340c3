import AccountEngine
import Testing

@Suite("RFC 8785 details: numbers, strings, key order")
struct JCSFormattingTests {
    @Test(
        "numbers are written as ECMAScript Number.prototype.toString writes them",
        arguments: [
            ("0", "0"), ("-0", "0"), ("1", "1"), ("-1", "-1"), ("56.0", "56"), ("4.50", "4.5"), ("2e-3", "0.002"),
            ("1E30", "1e+30"), ("1e21", "1e+21"), ("1e20", "100000000000000000000"), ("123456789012345678901", "123456789012345680000"),
            ("0.000001", "0.000001"), ("0.0000001", "1e-7"), ("1.5e-7", "1.5e-7"), ("333333333.33333329", "333333333.3333333"),
            ("9007199254740991", "9007199254740991"), ("9007199254740993", "9007199254740992"), ("5e-324", "5e-324"),
            ("1.7976931348623157e308", "1.7976931348623157e+308"), ("-123.456e2", "-12345.6"), ("0.1", "0.1"),
        ]
    )
    func numbers(_ input: String, _ expected: String) throws {
        #expect(try StrictJSONParser().parse(input).canonicalText == expected)
    }

    @Test("strings escape only quote, backslash and controls, with the short forms")
    func stringEscapes() throws {
        let value = JSONValue.string("a\"b\\c/d\n\t\r\u{08}\u{0C}\u{01}\u{1F}\u{7F}\u{2028}é😀")
        #expect(value.canonicalText == "\"a\\\"b\\\\c/d\\n\\t\\r\\b\\f\\u0001\\u001f\u{7F}\u{2028}é😀\"")
    }

    @Test("keys sort by UTF-16 code units, so an astral character sorts before U+FB33")
    func utf16KeyOrder() throws {
        let value = try StrictJSONParser().parse(#"{"\ufb33":1,"\ud83d\ude02":2,"a":3,"é":4}"#)
        #expect(value.canonicalText == "{\"a\":3,\"é\":4,\"😂\":2,\"דּ\":1}")
    }

    @Test("combining sequences are kept as sent, not normalised")
    func noUnicodeNormalisation() throws {
        let value = try StrictJSONParser().parse(#"{"k":"A\u030a","Å":1}"#)
        #expect(value.canonicalBytes == Array("{\"k\":\"A\u{030A}\",\"Å\":1}".utf8))
    }
}
