import ChainmailTestSupport
import Foundation
import Testing

@testable import DKIMVerifier

/// Issue 11: header sections and signatures built to make the verifier do super-linear work before
/// any signature is checked. Each is answered in bounded CPU time, with its own reason when refused.
@Suite("Hostile headers")
struct HostileHeaderTests {
    static let now: Int64 = 1_800_000_000
    static let body = "From: alice@example.com\r\nSubject: s\r\n\r\nbody\r\n"

    /// A message with `count` fields `X: n` above From and Subject, and an `h=` naming `x` `count` times.
    static func manyNamed(_ count: Int, signer: TestSigner) throws -> [UInt8] {
        var headers = ""
        headers.reserveCapacity(count * 12)
        for index in 0..<count { headers += "X: \(index)\r\n" }
        let names = "from:subject:" + Array(repeating: "x", count: count).joined(separator: ":")
        return try signer.sign(headers + body, headers: names)
    }

    @Test("20,000 fields named 20,000 times in h= verify in linear time when the caps are raised")
    func linearSelection() async throws {
        let signer = TestSigner()
        let signed = try Self.manyNamed(20_000, signer: signer)
        var policy = DKIMPolicy()
        policy.maximumHeaderFields = 30_000
        policy.maximumSignedHeaders = 30_000
        let verifier = DKIMVerifier(resolver: signer.resolver(), policy: policy)
        var verdict: DKIMMessageVerdict?
        let cpuTime = await threadCPUTime { verdict = await verifier.verify(message: signed, now: Self.now) }
        #expect(verdict?.result == .pass)
        #expect(cpuTime < .seconds(1))
    }

    @Test("with the default caps, that message is refused: too_many_headers, and h_tag_too_long alone")
    func defaultCaps() async throws {
        let signer = TestSigner()
        let verifier = DKIMVerifier(resolver: signer.resolver())
        let signed = try Self.manyNamed(20_000, signer: signer)
        var verdict: DKIMMessageVerdict?
        let cpuTime = await threadCPUTime { verdict = await verifier.verify(message: signed, now: Self.now) }
        #expect(cpuTime < .seconds(1))
        #expect(verdict?.result == .permerror)
        #expect(verdict?.signatures.first?.reason.code == "too_many_headers")

        // 257 entries over a few fields: only the h= cap applies.
        let names = "from:subject:" + Array(repeating: "x", count: 255).joined(separator: ":")
        let long = try signer.sign("X: 1\r\n" + Self.body, headers: names)
        #expect(await verifier.verify(message: long, now: Self.now).signatures.first?.reason.code == "h_tag_too_long")
        let atCap = try signer.sign("X: 1\r\n" + Self.body, headers: "from:subject:" + Array(repeating: "x", count: 254).joined(separator: ":"))
        #expect(await verifier.verify(message: atCap, now: Self.now).result == .pass)

        // 1,000 fields (the signature, From and Subject included) are allowed, 1,001 are not.
        let thousand = String(repeating: "X: y\r\n", count: 997)
        #expect(await verifier.verify(message: try signer.sign(thousand + Self.body), now: Self.now).result == .pass)
        let over = String(repeating: "X: y\r\n", count: 998)
        #expect(await verifier.verify(message: try signer.sign(over + Self.body), now: Self.now).signatures.first?.reason.code == "too_many_headers")
    }

    @Test("h= takes each name's instances from the bottom up, one an entry, and signs the absence of more")
    func bottomUp() throws {
        let message = ParsedMessage(
            Array(
                "DKIM-Signature: v=1; a=ed25519-sha256; d=example.com; s=s; h=x:X:from:x:x; bh=YWJj; b=YWJj\r\nX: 1\r\nFrom: a@example.com\r\nX: 2\r\nx: 3\r\n\r\nbody\r\n"
                    .utf8
            )
        )
        guard case .success(let signature) = DKIMSignature.parse(message.headers[0], in: message.bytes) else {
            Issue.record("the signature did not parse")
            return
        }
        let data = String(decoding: DKIMVerifier.signedHeaderData(for: signature, in: message), as: UTF8.self)
        // simple canonicalization: the fields as they stand, bottom-up per name; the fourth x is absent.
        #expect(data.hasPrefix("x: 3\r\nX: 2\r\nFrom: a@example.com\r\nX: 1\r\nDKIM-Signature:"))
    }

    @Test("a tag list of 200,000 tags is read in linear time, and a duplicate among them is still found")
    func manyTags() throws {
        let tags = (0..<200_000).map { "t\($0)=v" }.joined(separator: ";")
        let bytes = Array(tags.utf8)
        var parsed: TagList?
        // 0.6–0.8 s of CPU in a debug build on an idle day.
        let cpuTime = threadCPUTime { parsed = try? TagList(bytes, range: 0..<bytes.count) }
        #expect(cpuTime < largeInputCPUBound)
        #expect(parsed?.tags.count == 200_000)
        #expect(parsed?["t199999"]?.value == "v")
        let duplicated = Array((tags + ";t17=w").utf8)
        #expect(throws: TagList.ParseError.duplicateTag("t17")) { try TagList(duplicated, range: 0..<duplicated.count) }
    }
}
