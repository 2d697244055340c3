import ChainSigner
import Testing

@testable import ChainTransactions

/// RLP against the examples of the Ethereum wiki's RLP page.
@Suite("RLP")
struct RLPTests {
    @Test("the wiki's string examples encode as listed")
    func strings() {
        #expect(RLP.encode(.bytes(Array("dog".utf8))) == [0x83, 0x64, 0x6F, 0x67])
        #expect(RLP.encode(.bytes([])) == [0x80])
        #expect(RLP.encode(.bytes([0x00])) == [0x00])
        #expect(RLP.encode(.bytes([0x0F])) == [0x0F])
        #expect(RLP.encode(.bytes([0x7F])) == [0x7F])
        #expect(RLP.encode(.bytes([0x80])) == [0x81, 0x80])
        // 1024 = 0x0400
        #expect(RLP.encode(.bytes(UInt256(1024).minimalBigEndianBytes)) == [0x82, 0x04, 0x00])
        // The integer 0 is the empty string.
        #expect(RLP.encode(.bytes(UInt256.zero.minimalBigEndianBytes)) == [0x80])
    }

    @Test("the wiki's list examples encode as listed")
    func lists() {
        #expect(RLP.encode(.list([])) == [0xC0])
        #expect(
            RLP.encode(.list([.bytes(Array("cat".utf8)), .bytes(Array("dog".utf8))])) == [0xC8, 0x83] + Array("cat".utf8) + [0x83] + Array("dog".utf8)
        )
        // The set-theoretic representation of three: [ [], [[]], [ [], [[]] ] ].
        let three: RLP.Item = .list([.list([]), .list([.list([])]), .list([.list([]), .list([.list([])])])])
        #expect(RLP.encode(three) == [0xC7, 0xC0, 0xC1, 0xC0, 0xC3, 0xC0, 0xC1, 0xC0])
    }

    @Test("strings of 55 bytes and more take the short and long length prefixes")
    func longStrings() {
        let sentence = Array("Lorem ipsum dolor sit amet, consectetur adipisicing elit".utf8)
        #expect(sentence.count == 56)
        #expect(RLP.encode(.bytes(sentence)) == [0xB8, 0x38] + sentence)
        let fiftyFive = [UInt8](repeating: 0x61, count: 55)
        #expect(RLP.encode(.bytes(fiftyFive)) == [0xB7] + fiftyFive)
        let big = [UInt8](repeating: 0x01, count: 1024)
        #expect(RLP.encode(.bytes(big)) == [0xB9, 0x04, 0x00] + big)
        let longList = RLP.Item.list([RLP.Item](repeating: .bytes(Array("dog".utf8)), count: 14))
        #expect(RLP.encode(longList).prefix(2) == [0xF8, 56])
    }
}
