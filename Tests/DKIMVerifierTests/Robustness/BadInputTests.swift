import Testing

@testable import DKIMVerifier

/// Hostile and broken input: each gets a verdict with a reason, never a crash, in bounded work.
@Suite("Bad input")
struct BadInputTests {
    static let now: Int64 = 1_800_000_000
    static let message = "From: alice@example.com\r\nSubject: s\r\n\r\nbody\r\n"

    @Test("a truncated DKIM-Signature field is a permerror with a reason")
    func truncatedHeader() async {
        let inputs = [
            "DKIM-Signature: v=1; a=rsa-sha256; d=exa", "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; b=", "DKIM-Signature:", "DKIM-Sig",
        ]
        for input in inputs {
            let verdict = await DKIMVerifier(resolver: StaticKeyResolver(records: [:])).verify(message: Array(input.utf8), now: Self.now)
            #expect([.permerror, DKIMResult.none].contains(verdict.result), "\(input)")
            for signature in verdict.signatures { #expect(!signature.reason.code.isEmpty) }
        }
    }

    @Test("a 10 MB single-line signed header is canonicalized and verified")
    func hugeHeader() async throws {
        let signer = TestSigner()
        let long = "X-Long: " + String(repeating: "a b\t", count: 2_500_000)
        let signed = try signer.sign("\(long)\r\n\(Self.message)", headers: "from:subject:x-long")
        #expect(signed.count > 10_000_000)
        let verdict = await DKIMVerifier(resolver: signer.resolver()).verify(message: signed, now: Self.now)
        #expect(verdict.result == .pass)
    }

    @Test("of 1,000 DKIM-Signature fields only the first 16 are evaluated")
    func thousandSignatures() async throws {
        let signer = TestSigner()
        let signed = String(decoding: try signer.sign(Self.message), as: UTF8.self)
        let junk = String(repeating: "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=nowhere; h=from; bh=YWJj; b=YWJj\r\n", count: 1000)
        // Over the default 1,000 header fields; raised here so the signature cap is what is tested.
        var policy = DKIMPolicy()
        policy.maximumHeaderFields = 2000
        let verdict = await DKIMVerifier(resolver: signer.resolver(), policy: policy).verify(message: Array((junk + signed).utf8), now: Self.now)
        #expect(verdict.signatures.count == 16)
        #expect(verdict.result == .permerror)
        #expect(verdict.signatures.allSatisfy { $0.reason.code == "key_not_found" })
    }

    @Test("non-UTF-8 bytes, NUL bytes and 8-bit headers get a verdict")
    func binaryBytes() async throws {
        let signer = TestSigner()
        var message = Array("From: \u{00E9}l\u{00E8}ve <eleve@example.com>\r\nSubject: caf".utf8)
        message += [0xE9, 0x00, 0xFF, 0xFE]
        message += Array("\r\nX-\u{00FF}: v\r\n\r\nbody \u{0000} with ".utf8) + [0x80, 0xC3, 0x28] + Array("\r\n".utf8)
        let text = String(decoding: message, as: UTF8.self)
        _ = text
        let verifier = DKIMVerifier(resolver: signer.resolver())
        let unsigned = await verifier.verify(message: message, now: Self.now)
        #expect(unsigned.result == .none)

        let garbageSignature = Array("DKIM-Signature: v=1; a=\u{00FF}; d=".utf8) + [0xFF, 0x00] + Array("\r\n".utf8) + message
        let verdict = await verifier.verify(message: garbageSignature, now: Self.now)
        #expect(verdict.result == .permerror)
        #expect(!verdict.signatures[0].reason.message.isEmpty)
    }

    @Test("a message of nothing but line feeds, or empty, is unsigned")
    func degenerateMessages() async {
        let verifier = DKIMVerifier(resolver: StaticKeyResolver(records: [:]))
        for input in [[], Array("\n\n\n".utf8), Array("\r".utf8), Array(":\r\n\r\n".utf8)] as [[UInt8]] {
            #expect(await verifier.verify(message: input, now: Self.now).result == .none)
        }
    }

    @Test("an RSA key above 8192 bits is refused before any arithmetic")
    func oversizedKey() {
        func derLength(_ count: Int) -> [UInt8] { [0x82, UInt8(count >> 8), UInt8(count & 0xFF)] }
        let modulus: [UInt8] = [0x00] + [UInt8](repeating: 0xFF, count: 1125)
        let integers = [0x02] + derLength(modulus.count) + modulus + [0x02, 0x03, 0x01, 0x00, 0x01]
        let der = [0x30] + derLength(integers.count) + integers
        guard case .failure(let reason) = DKIMPublicKey.load(type: "rsa", bytes: der) else {
            Issue.record("a 9000-bit key was accepted")
            return
        }
        #expect(reason.code == "key_too_large")
    }
}
