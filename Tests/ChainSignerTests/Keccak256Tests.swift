import ChainSigner
import Crypto
import Testing

@Suite("Keccak-256")
struct Keccak256Tests {
    @Test("reproduces every keccak256.json case, and differs from FIPS SHA3-256", arguments: try TestVectors.keccak256().cases)
    func vector(_ vector: Keccak256Vectors.Case) throws {
        let input = try bytes(vector.inputHex)
        #expect(input.count == vector.length)
        let digest = Keccak256.hash(input)
        #expect(digest.hexString == vector.keccak256)
        #expect(digest.hexString != vector.sha3_256_NOT_this)
        #expect(Array(SHA3_256.hash(data: input)).hexString == vector.sha3_256_NOT_this)
        if let address = vector.evmAddress {
            #expect("0x" + digest.suffix(20).hexString == address)
        }
    }

    @Test("gives the same digest for arrays, slices and non-contiguous sequences")
    func inputShapes() throws {
        let input = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let expected = Keccak256.hash(input)
        #expect(Keccak256.hash(input[...]) == expected)
        #expect(Keccak256.hash(input.lazy.map { $0 }) == expected)
        #expect(Keccak256.hash(AnySequence(input)) == expected)
        #expect(Keccak256.hash("abc".utf8).hexString == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
    }

    @Test("hashes every length across two rate boundaries to a distinct digest")
    func lengths() {
        let input = [UInt8](repeating: 0x61, count: 300)
        let digests = (0...300).map { Keccak256.hash(input[..<$0]) }
        #expect(Set(digests.map(\.hexString)).count == digests.count)
        #expect(digests.allSatisfy { $0.count == 32 })
    }
}
