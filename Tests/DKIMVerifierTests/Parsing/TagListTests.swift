import ByteEncoding
import Testing

@testable import DKIMVerifier

@Suite("Tag lists and signature fields")
struct TagListTests {
    func parse(_ text: String) throws(TagList.ParseError) -> TagList {
        let bytes = Array(text.utf8)
        return try TagList(bytes, range: 0..<bytes.count)
    }

    @Test("values are trimmed of folding white space and a final semicolon is allowed")
    func trimsValues() throws {
        let tags = try parse(" v = 1 ;\r\n\ta=rsa-sha256; b=ab\r\n cd ; ")
        #expect(tags["v"]?.value == "1")
        #expect(tags["a"]?.value == "rsa-sha256")
        #expect(tags["b"]?.value.removingFoldingWhitespace == "abcd")
    }

    @Test("a duplicate tag is an error")
    func duplicateTag() {
        #expect(throws: TagList.ParseError.duplicateTag("d")) { try parse("d=a.example; s=x; d=b.example") }
    }

    @Test("a tag without '=' or with a bad name is an error")
    func malformedTags() {
        #expect(throws: TagList.ParseError.self) { try parse("k=rsa; t; p=abc") }
        #expect(throws: TagList.ParseError.self) { try parse("1x=abc") }
        #expect(throws: TagList.ParseError.self) { try parse("a=b;;c=d") }
    }

    func verdict(for signatureValue: String) async -> DKIMSignatureVerdict? {
        let message = Array("DKIM-Signature: \(signatureValue)\r\nFrom: a@example.com\r\nSubject: s\r\n\r\nbody\r\n".utf8)
        return await DKIMVerifier(resolver: StaticKeyResolver(records: [:])).verify(message: message, now: 1_700_000_000).signatures.first
    }

    @Test("signature syntax problems are permerrors with their own codes")
    func signatureSyntaxCodes() async {
        let base = "v=1; a=rsa-sha256; d=example.com; s=sel; bh=YWJj; b=YWJj"
        let cases: [(String, String)] = [
            ("\(base); h=from; d=example.org", "signature_syntax"),
            ("v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=YWJj", "signature_missing_tag"),
            ("\(base); h=subject:to", "from_not_signed"),
            ("\(base); h=from; i=joe@evil.example", "identity_mismatch"),
            ("\(base); h=from; i=joe@notexample.com", "identity_mismatch"),
            ("v=2; a=rsa-sha256; d=example.com; s=sel; h=from; bh=YWJj; b=YWJj", "unsupported_version"),
            ("v=1; a=rsa-md5; d=example.com; s=sel; h=from; bh=YWJj; b=YWJj", "unsupported_algorithm"),
            ("\(base); h=from; c=relaxed/odd", "unsupported_canonicalization"),
            ("\(base); h=from; l=-1", "invalid_tag"),
            ("\(base); h=from; t=200; x=100", "invalid_tag"),
            ("v=1; a=rsa-sha256; d=exa mple.com; s=sel; h=from; bh=YWJj; b=YWJj", "invalid_tag"),
            ("v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=YWJj; b=*not base64*", "invalid_tag"),
        ]
        for (value, code) in cases {
            let result = await verdict(for: value)
            #expect(result?.result == .permerror, "\(value)")
            #expect(result?.reason.code == code, "\(value): \(String(describing: result?.reason))")
        }
    }

    @Test("i= may name a subdomain of d=")
    func identityInSubdomain() async {
        let result = await verdict(for: "v=1; a=rsa-sha256; d=example.com; s=sel; h=from; i=joe@mail.example.com; bh=YWJj; b=YWJj")
        #expect(result?.reason.code == "key_not_found")
    }

    @Test("base64 decoding refuses stray characters and non-zero leftover bits")
    func base64Strictness() {
        #expect(Base64.decode("YWJj", .dkim) == Array("abc".utf8))
        #expect(Base64.decode("YWI=", .dkim) == Array("ab".utf8))
        #expect(Base64.decode("YWI", .dkim) == Array("ab".utf8))
        #expect(Base64.decode("YWJ=", .dkim) == nil)
        #expect(Base64.decode("Y", .dkim) == nil)
        #expect(Base64.decode("YW?j", .dkim) == nil)
    }

    @Test("RFC 4871 granularity matches the local part with one wildcard, case-sensitively")
    func granularity() {
        #expect(DKIMKeyRecord.granularity("*", matches: "anyone"))
        #expect(DKIMKeyRecord.granularity("jl*g", matches: "jlong"))
        #expect(!DKIMKeyRecord.granularity("jl*g", matches: "JLONG"))
        #expect(!DKIMKeyRecord.granularity("", matches: ""))
        #expect(!DKIMKeyRecord.granularity("*poe", matches: "jlong"))
    }
}
