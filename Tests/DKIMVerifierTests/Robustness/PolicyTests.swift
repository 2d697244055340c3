import Testing

@testable import DKIMVerifier

@Suite("Verification policy")
struct PolicyTests {
    static let message = "From: Alice <alice@example.com>\r\nSubject: hello\r\nTo: bob@example.net\r\n\r\nHello Bob.\r\n"
    static let now: Int64 = 1_800_000_000

    @Test("a signed message passes and a changed body or header fails")
    func passAndTamper() async throws {
        let signer = TestSigner()
        let verifier = DKIMVerifier(resolver: signer.resolver())
        let signed = try signer.sign(Self.message)
        #expect(await verifier.verify(message: signed, now: Self.now).result == .pass)

        let changedBody = String(decoding: signed, as: UTF8.self).replacingOccurrences(of: "Hello Bob.", with: "Hello Eve.")
        let bodyVerdict = await verifier.verify(message: Array(changedBody.utf8), now: Self.now)
        #expect(bodyVerdict.result == .fail)
        #expect(bodyVerdict.signatures.first?.reason.code == "body_hash_mismatch")

        let changedSubject = String(decoding: signed, as: UTF8.self).replacingOccurrences(of: "Subject: hello", with: "Subject: HELLO")
        let headerVerdict = await verifier.verify(message: Array(changedSubject.utf8), now: Self.now)
        #expect(headerVerdict.signatures.first?.reason.code == "signature_mismatch")
    }

    @Test("a From added on top of a signed message breaks the signature when From is signed once more than it occurs")
    func addedFromIsCaughtByOversigning() async throws {
        let signer = TestSigner()
        let signed = String(decoding: try signer.sign(Self.message, headers: "from:from:subject"), as: UTF8.self)
        let lines = signed.components(separatedBy: "\r\n")
        let forged = ([lines[0], lines[1], "From: Mallory <mallory@example.com>"] + lines[2...]).joined(separator: "\r\n")
        let verdict = await DKIMVerifier(resolver: signer.resolver()).verify(message: Array(forged.utf8), now: Self.now)
        #expect(verdict.result == .fail)
    }

    @Test("x= in the past fails beyond the stated skew and passes within it")
    func expiryUsesSkew() async throws {
        let signer = TestSigner()
        let verifier = DKIMVerifier(resolver: signer.resolver())
        let signed = try signer.sign(Self.message, extraTags: "t=\(Self.now - 1000); x=\(Self.now); ")
        #expect(await verifier.verify(message: signed, now: Self.now + verifier.policy.clockSkew).result == .pass)
        let late = await verifier.verify(message: signed, now: Self.now + verifier.policy.clockSkew + 1)
        #expect(late.result == .permerror)
        #expect(late.signatures.first?.reason.code == "signature_expired")
    }

    @Test("t= in the future beyond the skew is refused")
    func futureTimestamp() async throws {
        let signer = TestSigner()
        let verifier = DKIMVerifier(resolver: signer.resolver())
        let signed = try signer.sign(Self.message, extraTags: "t=\(Self.now + 1000); ")
        let verdict = await verifier.verify(message: signed, now: Self.now)
        #expect(verdict.signatures.first?.reason.code == "signature_in_future")
        #expect(await verifier.verify(message: signed, now: Self.now + 700).result == .pass)
    }

    @Test("l= shorter than the body is policy by default and pass when allowed")
    func partialBody() async throws {
        let signer = TestSigner()
        let signed = try signer.sign(Self.message + "Appended by someone else.\r\n", bodyLength: 12)
        let strict = await DKIMVerifier(resolver: signer.resolver()).verify(message: signed, now: Self.now)
        #expect(strict.result == .policy)
        #expect(strict.signatures.first?.reason.code == "partial_body")
        #expect(strict.signatures.first?.coversWholeBody == false)
        var lenient = DKIMPolicy()
        lenient.allowPartialBody = true
        #expect(await DKIMVerifier(resolver: signer.resolver(), policy: lenient).verify(message: signed, now: Self.now).result == .pass)
    }

    @Test("a key in testing mode still verifies and is reported as testing")
    func testingKey() async throws {
        let signer = TestSigner()
        let verdict = await DKIMVerifier(resolver: signer.resolver(flags: "y")).verify(message: try signer.sign(Self.message), now: Self.now)
        #expect(verdict.result == .pass)
        #expect(verdict.signatures.first?.key?.isTesting == true)
    }

    @Test("DNS outcomes map to RFC 8601 results")
    func dnsOutcomes() async throws {
        let signer = TestSigner()
        let signed = try signer.sign(Self.message)
        let outcomes: [(TXTLookupResult, DKIMResult, String)] = [
            (.nxdomain(dnssec: .insecure), .permerror, "key_not_found"),
            (.noData(dnssec: .insecure), .permerror, "key_not_found"),
            (.temporaryFailure(DNSLookupFailure(.servfail, "SERVFAIL")), .temperror, "key_lookup_failed"),
            (.records(["v=DKIM1; k=ed25519; p="], dnssec: .insecure), .permerror, "key_revoked"),
            (.records(["v=DKIM1; k=rsa; p=\(signer.record().split(separator: "p=")[1])"], dnssec: .insecure), .permerror, "key_syntax"),
        ]
        for (answer, result, code) in outcomes {
            let resolver = StaticKeyResolver(records: [signer.keyName: answer])
            let verdict = await DKIMVerifier(resolver: resolver).verify(message: signed, now: Self.now)
            #expect(verdict.result == result, "\(answer)")
            #expect(verdict.signatures.first?.reason.code == code, "\(answer)")
        }
    }

    @Test("of several TXT records, the one that is a usable key is used")
    func severalRecords() async throws {
        let signer = TestSigner()
        let resolver = StaticKeyResolver(records: [signer.keyName: .records(["v=spf1 -all", signer.record()], dnssec: .secure)])
        let verdict = await DKIMVerifier(resolver: resolver).verify(message: try signer.sign(Self.message), now: Self.now)
        #expect(verdict.result == .pass)
        #expect(verdict.signatures.first?.key?.dnssec == .secure)
    }

    @Test("an unsigned message is none")
    func unsigned() async {
        let verdict = await DKIMVerifier(resolver: StaticKeyResolver(records: [:])).verify(message: Array(Self.message.utf8), now: Self.now)
        #expect(verdict.result == .none)
        #expect(verdict.signatures.isEmpty)
    }
}
