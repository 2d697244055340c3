import ChainSigner
import Testing

@testable import ChainTransactions

@Suite("ERC20Call")
struct ERC20CallTests {
    static let a = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
    static let b = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"

    private func decode(_ hex: String) -> ERC20Call? {
        ERC20Call(calldata: [UInt8](hex: hex.dropFirst(2)) ?? [0xFF])
    }

    @Test("the three calls decode with their arguments")
    func decodes() {
        #expect(
            decode(Calldata.hex("a9059cbb", Calldata.word(Self.b), Calldata.word(amount: "7")))
                == .transfer(to: Calldata.address(Self.b), amount: UInt256(7))
        )
        #expect(
            decode(Calldata.hex("095ea7b3", Calldata.word(Self.a), Calldata.word(amount: "0")))
                == .approve(spender: Calldata.address(Self.a), amount: .zero)
        )
        #expect(
            decode(Calldata.hex("23b872dd", Calldata.word(Self.a), Calldata.word(Self.b), Calldata.word(amount: UInt256.max.decimalString)))
                == .transferFrom(from: Calldata.address(Self.a), to: Calldata.address(Self.b), amount: .max)
        )
    }

    @Test("wrong lengths, dirty address words and other selectors do not decode")
    func refuses() {
        let word = Calldata.word(Self.b)
        let amount = Calldata.word(amount: "1")
        #expect(decode("0x") == nil)
        #expect(decode("0xa905") == nil)
        #expect(decode("0xa9059cbb") == nil)
        #expect(decode(Calldata.hex("a9059cbb", word)) == nil)
        #expect(decode(Calldata.hex("a9059cbb", word, amount, [0])) == nil)
        #expect(decode(Calldata.hex("a9059cbb", word, amount, amount)) == nil)
        #expect(decode(Calldata.hex("23b872dd", word, amount)) == nil)
        #expect(decode(Calldata.hex("095ea7b3", word, amount, amount)) == nil)
        #expect(decode(Calldata.hex("a9059cbb", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] + word.suffix(20), amount)) == nil)
        #expect(decode(Calldata.hex("23b872dd", word, [0x80] + word.dropFirst(), amount)) == nil)
        #expect(decode(Calldata.hex("a9059cbc", word, amount)) == nil)
        #expect(ERC20Call(calldata: [UInt8](repeating: 0, count: 65_536)) == nil)
    }
}
