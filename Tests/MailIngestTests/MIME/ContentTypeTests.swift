import Testing

@testable import MailIngest

@Suite("Content-Type")
struct ContentTypeTests {
    private func parse(_ value: String) -> Result<ContentType, MailParseError> { ContentType.parse(Array(value.utf8)) }

    @Test("type, subtype and names are lowercased; values keep their case; quotes and comments undone")
    func basics() throws {
        let type = try parse(#" Multipart/Alternative (comment) ; Boundary="=_Part_1 \"x\"" ; CHARSET=UTF-8;"#).get()
        #expect(type.type == "multipart")
        #expect(type.subtype == "alternative")
        #expect(type.parameters == ["boundary": #"=_Part_1 "x""#, "charset": "UTF-8"])
        #expect(try parse("text/plain").get() == ContentType(type: "text", subtype: "plain"))
        #expect(try parse("text / plain ; format = flowed").get().parameters == ["format": "flowed"])
    }

    @Test("RFC 2231 continuations and extended values are joined and decoded")
    func rfc2231() throws {
        let joined = try parse(#"multipart/mixed; boundary*0="abc"; boundary*1=def; boundary*2="-ghi""#).get()
        #expect(joined.parameters["boundary"] == "abcdef-ghi")
        let extended = try parse("application/pdf; name*=iso-8859-1'fr'r%E9sum%E9.pdf; name=\"fallback.pdf\"").get()
        #expect(extended.parameters["name"] == "résumé.pdf")
        let mixed = try parse("text/plain; title*0*=utf-8''caf%C3%A9%20; title*1=\"au lait\"").get()
        #expect(mixed.parameters["title"] == "café au lait")
    }

    @Test("malformed values are mime_malformed")
    func malformed() {
        for value in [
            "", "text", "text/", "/plain", "text/plain charset=utf-8", "text/plain; charset", "text/plain; charset=",
            #"text/plain; charset="utf-8"#, "text/plain; charset=utf-8; charset=us-ascii", "text/plain; a*1=x",
            "text/plain; a*0=x; a*2=y", "text/plain; a*01=x", "text/plain; a*=nocharsetquotes", "text/plain; a*=utf-8''%ZZ",
            "text/plain; (unterminated", "text/plain; a=b=c",
        ] {
            #expect(error(of: parse(value))?.code.name == "mime_malformed", "\(value)")
        }
        #expect(error(of: parse("text/plain; a*=koi8-r''x"))?.code.name == "charset_unsupported")
    }

    @Test("a boundary or charset given both plainly and in RFC 2231 form must agree, else mime_malformed; a file name's fallback may differ")
    func twoReadings() throws {
        for value in [
            #"multipart/mixed; boundary="bb"; boundary*0="cc""#, #"multipart/mixed; boundary*="utf-8''cc"; boundary=bb"#,
            "text/plain; charset=us-ascii; charset*=utf-8''utf-8",
        ] {
            #expect(error(of: parse(value))?.code.name == "mime_malformed", "\(value)")
        }
        #expect(try parse(#"multipart/mixed; boundary="bb"; boundary*0="bb""#).get().parameters["boundary"] == "bb")
    }
}
