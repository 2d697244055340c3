import AccountEngine
import ErrorCodes
import Testing

@Suite("Strict JSON parsing")
struct StrictJSONParserTests {
    @Test(
        "malformed or ambiguous JSON is refused with malformed_json",
        arguments: [
            #"{"a":1,"a":2}"#, #"{"a":1,"b":{"c":1,"c":1}}"#, "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "+1", "1e", "NaN", "Infinity",
            "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\u{01}\"", "\"\\x\"", "'a'", "[1] 2", "", " ", "tru", "nul", "{\"a\"}",
            "{a:1}", "\u{FEFF}{}", "1e400", "[\"\\u12\"]",
        ]
    )
    func refused(_ text: String) {
        let error = #expect(throws: EngineError.self) { try StrictJSONParser().parse(text) }
        #expect(error?.code == "malformed_json")
        #expect(error?.category == .malformed)
    }

    @Test(
        "invalid UTF-8 is refused",
        arguments: [[0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22]]
    )
    func invalidUTF8(_ bytes: [UInt8]) {
        #expect(throws: EngineError.self) { try StrictJSONParser().parse(bytes) }
    }

    @Test("nesting deeper than the limit is refused without exhausting the stack")
    func depthLimit() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = #expect(throws: EngineError.self) { try StrictJSONParser(maxBytes: 1 << 20, maxDepth: 32).parse(deep) }
        #expect(error?.code == "malformed_json")
        #expect(throws: Never.self) { try StrictJSONParser(maxDepth: 3).parse("[[[1]]]") }
        #expect(throws: EngineError.self) { try StrictJSONParser(maxDepth: 3).parse("[[[[1]]]]") }
    }

    @Test("a text over the size limit is refused with too_large (413)")
    func sizeLimit() {
        let error = #expect(throws: EngineError.self) { try StrictJSONParser(maxBytes: 10).parse("\"0123456789\"") }
        #expect(error?.code == "too_large")
        #expect(error?.category == .tooLarge)
    }

    @Test("keys that differ only by Unicode normalisation are distinct, not duplicates")
    func distinctKeysByBytes() throws {
        let value = try StrictJSONParser().parse("{\"\u{00C5}\":1,\"A\u{030A}\":2}")
        #expect(value.objectValue?.members.count == 2)
    }

    @Test("a repeated name is found in a large object too, wherever the two stand", arguments: [3, 15, 16, 17, 30])
    func duplicatesInLargeObjects(repeatedPosition: Int) {
        var names = (0..<40).map { "k\($0)" }
        names.append(names[repeatedPosition])
        let text = "{" + names.map { "\"\($0)\":1" }.joined(separator: ",") + "}"
        let error = #expect(throws: EngineError.self) { try StrictJSONParser().parse(text) }
        #expect(error?.message.contains("duplicate member name") == true)
        #expect(throws: Never.self) { try StrictJSONParser().parse("{" + names.dropLast().map { "\"\($0)\":1" }.joined(separator: ",") + "}") }
    }

    @Test("strings with and without escapes decode alike")
    func escapedAndPlainStrings() throws {
        #expect(try StrictJSONParser().parse(#"["caf\u00e9","café","a\"b"]"#) == .array([.string("café"), .string("café"), .string("a\"b")]))
    }

    @Test("surrogate pair escapes decode to one scalar")
    func surrogatePairs() throws {
        #expect(try StrictJSONParser().parse(#""\ud834\udd1e""#) == .string("𝄞"))
    }
}
