import Testing

/// The vector-driven tests of this target take their cases from `testdata/vectors/`: this suite
/// counts them, so a truncated file fails here rather than running fewer cases unnoticed.
@Suite("every vector-driven test runs all of its cases")
struct VectorCountTests {
    @Test("keccak256.json: 10 inputs")
    func keccak256() throws {
        #expect(try TestVectors.keccak256().cases.count == 10)
    }

    @Test("near-kdf.json: 16 published tweaks, 1 published derived key, 1 address example, 6 local-signer cases")
    func nearKeyDerivation() throws {
        let vectors = try TestVectors.nearKDF()
        #expect(vectors.publishedTweaks.cases.count == 16)
        #expect(vectors.publishedDerivedKeys.count == 1)
        #expect(vectors.addressExamples.count == 1)
        #expect(vectors.localSigner.cases.count == 6)
    }
}
