import Testing

@testable import ChainTransactions

@Suite("EVMAddress")
struct EVMAddressTests {
    /// The test cases of the EIP-55 text: all caps, all lower, and normal mixed case.
    static let eip55Vectors = [
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ]

    @Test("the EIP-55 vectors parse and print back in their checksum case")
    func eip55() throws {
        for vector in Self.eip55Vectors {
            let address = try EVMAddress(vector)
            #expect(address.checksummed == vector)
            #expect(address.lowercaseHex == vector.lowercased())
            #expect(try EVMAddress(vector.lowercased()) == address)
            #expect(try EVMAddress("0x" + vector.dropFirst(2).uppercased()) == address)
        }
    }

    @Test("a mixed-case address with one letter's case flipped is address_checksum_invalid")
    func checksumInvalid() {
        for vector in Self.eip55Vectors[4...] {
            var characters = Array(vector)
            guard let index = characters.indices.dropFirst(2).first(where: { characters[$0].isLetter }) else { continue }
            characters[index] = characters[index].isUppercase ? Character(characters[index].lowercased()) : Character(characters[index].uppercased())
            #expect(throws: ChainTransactionError(code: .addressChecksumInvalid, message: "")) { try EVMAddress(String(characters)) }
        }
    }

    @Test("other shapes are invalid_address")
    func shapes() {
        let good = "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
        for text in [
            "", "0x", good, "0X" + good, "0x" + good + "00", "0x" + good.dropLast(), "0x" + good.dropLast() + "g", " 0x" + good, "0x" + good + " ",
            String(repeating: "0", count: 100_000),
        ] {
            #expect(throws: ChainTransactionError(code: .invalidAddress, message: "")) { try EVMAddress(text) }
        }
    }

    @Test("an address from bytes is exactly 20 of them")
    func fromBytes() {
        #expect(EVMAddress(bytes: [UInt8](repeating: 1, count: 20))?.lowercaseHex == "0x" + String(repeating: "01", count: 20))
        #expect(EVMAddress(bytes: [UInt8](repeating: 1, count: 19)) == nil)
        #expect(EVMAddress(bytes: [UInt8](repeating: 1, count: 21)) == nil)
    }
}
