import Testing

@testable import DKIMVerifier

/// RFC 6376 section 3.4.5's worked example, byte for byte.
@Suite("Canonicalization")
struct CanonicalizationTests {
    static let example = Array("A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n".utf8)

    func canonicalHeaders(_ canonicalization: DKIMCanonicalization) -> String {
        let message = ParsedMessage(Self.example)
        var output: [UInt8] = []
        message.bytes.withUnsafeBufferPointer { bytes in
            for field in message.headers {
                HeaderCanonicalizer.append(field, of: bytes, canonicalization: canonicalization, to: &output)
                output += [0x0D, 0x0A]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    func canonicalBody(_ canonicalization: DKIMCanonicalization, _ message: [UInt8] = example) -> String {
        let parsed = ParsedMessage(message)
        let body = parsed.bytes.withUnsafeBufferPointer {
            BodyCanonicalizer.canonicalize($0, range: parsed.bodyRange, canonicalization: canonicalization)
        }
        return String(decoding: body.bytes(of: parsed.bytes), as: UTF8.self)
    }

    @Test("relaxed headers: lowercase names, unfolded, white space collapsed and trimmed")
    func relaxedHeaders() {
        #expect(canonicalHeaders(.relaxed) == "a:X\r\nb:Y Z\r\n")
    }

    @Test("simple headers are kept byte for byte")
    func simpleHeaders() {
        #expect(canonicalHeaders(.simple) == "A: X\r\nB : Y\t\r\n\tZ  \r\n")
    }

    @Test("relaxed body: runs of white space collapsed, line-end space and trailing empty lines removed")
    func relaxedBody() {
        #expect(canonicalBody(.relaxed) == " C\r\nD E\r\n")
    }

    @Test("simple body: only trailing empty lines removed")
    func simpleBody() {
        #expect(canonicalBody(.simple) == " C \r\nD \t E\r\n")
    }

    @Test("an empty body is CRLF under simple and empty under relaxed")
    func emptyBody() {
        let message = Array("From: a@b.c\r\n\r\n".utf8)
        #expect(canonicalBody(.simple, message) == "\r\n")
        #expect(canonicalBody(.relaxed, message) == "")
    }

    @Test("a body without a final CRLF gets one; blank lines inside the body are kept")
    func unterminatedBody() {
        let message = Array("From: a@b.c\r\n\r\none\r\n\r\n \t \r\ntwo  ".utf8)
        #expect(canonicalBody(.simple, message) == "one\r\n\r\n \t \r\ntwo  \r\n")
        #expect(canonicalBody(.relaxed, message) == "one\r\n\r\n\r\ntwo\r\n")
    }

    @Test("bare LF line ends are read as CRLF")
    func bareLineFeeds() {
        let message = ParsedMessage(Array("From: a@b.c\nSubject: x\n  folded\n\nbody\n".utf8))
        #expect(message.headers.map(\.lowercasedName) == ["from", "subject"])
        #expect(Array(message.bytes[message.bodyRange]) == Array("body\r\n".utf8))
    }

    /// RFC 6376 3.4.4 read literally, line by line, to check the optimised canonicalizer against.
    static func referenceRelaxed(_ body: String) -> String {
        var lines = body.components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        var canonical = lines.map { line -> String in
            var out = ""
            var space = false
            for character in line {
                if character == " " || character == "\t" {
                    space = true
                } else {
                    if space { out.append(" ") }
                    space = false
                    out.append(character)
                }
            }
            return out
        }
        while canonical.last == "" { canonical.removeLast() }
        return canonical.isEmpty ? "" : canonical.joined(separator: "\r\n") + "\r\n"
    }

    @Test("relaxed body canonicalization agrees with a literal reading of RFC 6376 on random bodies")
    func relaxedMatchesReference() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "bc", " ", "  ", "\t", "\r\n", "\r\n", "x y", "\r\n\r\n"]
        for _ in 0..<2000 {
            let body = (0..<Int.random(in: 0..<12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let message = Array(("From: a@b.c\r\n\r\n" + body).utf8)
            #expect(canonicalBody(.relaxed, message) == Self.referenceRelaxed(body), "\(body.debugDescription)")
        }
    }
}
