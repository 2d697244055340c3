import Testing

/// The vector-driven tests of this target take their cases from `testdata/vectors/`, read when
/// the suite is set up: a missing or truncated file would leave a parameterised test with no
/// cases and nothing failing. This suite counts what each of them runs.
@Suite("every vector-driven test runs all of its cases")
struct VectorCountTests {
    @Test("jcs-txhash.json: 12 transactions and the 6 published cyberphone cases")
    func canonicalJSON() {
        #expect(JCSVectorTests.transactions.count == 12)
        #expect(JCSVectorTests.genericCases.count == 6)
    }

    @Test("evm-personal-sign.json: 4 valid signatures and 5 refused ones")
    func personalSign() {
        #expect(EVMPersonalSignTests.valid.count == 4)
        #expect(EVMPersonalSignTests.refused.count == 5)
        #expect(EVMPersonalSignTests.badSignatures.count + EVMPersonalSignTests.notApprovals.count == 5)
    }

    @Test("nep413.json: 3 valid signatures and 4 refused ones")
    func nep413() {
        #expect(NEP413SignatureTests.valid.count == 3)
        #expect(NEP413SignatureTests.refused.count == 4)
    }

    @Test("oidc.json: 3 valid tokens and 11 refused ones")
    func oidc() {
        #expect(OIDCVectorTests.valid.count == 3)
        #expect(OIDCVectorTests.refused.count == 11)
    }

    @Test("webauthn.json: 2 valid assertions and 8 refused ones")
    func webAuthn() {
        #expect(WebAuthnAssertionTests.valid.count == 2)
        #expect(WebAuthnAssertionTests.refused.count == 8)
        #expect(AuthIdentityTests.webAuthnCases.count == 2)
    }

    @Test("near-kdf.json: 6 local-signer cases")
    func nearKeyDerivation() {
        #expect(AuthIdentityTests.signerCases.count == 6)
    }
}
