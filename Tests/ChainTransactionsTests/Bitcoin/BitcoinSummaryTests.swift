import Testing

@testable import ChainTransactions

@Suite("Bitcoin approval wording (PROTOCOL.md 8.3)")
struct BitcoinSummaryTests {
    static let from = PSBTBuilder.from
    static let other = PSBTBuilder.address(PSBTBuilder.otherScript)

    /// One input of `input` satoshi from `from` and the given outputs.
    static func transaction(input: UInt64, outputs: [(UInt64, [UInt8])], lockTime: UInt32 = 0) throws -> BitcoinTransaction {
        var builder = PSBTBuilder()
        builder.addInput(value: input)
        for (value, script) in outputs { builder.addOutput(value: value, script: script) }
        builder.lockTime = lockTime
        return try builder.transaction()
    }

    @Test("payment, change and OP_RETURN outputs, the fee and its rate over the signed size")
    func wording() throws {
        var builder = PSBTBuilder.sample()
        builder.addOutput(value: 0, script: [0x6a, 0x04, 0xde, 0xad, 0xbe, 0xef])
        let transaction = try builder.transaction()
        #expect(
            BitcoinSummary.lines(for: transaction, virtualSize: 141) == [
                "Bitcoin regtest transaction from \(Self.from), spending 2 inputs of 0.015 BTC:",
                "Output 1: 0.01 BTC to \(Self.other) (P2WPKH)",
                "Output 2: 0.0049 BTC to \(Self.from) (P2WPKH, change back to the paying address)",
                "Output 3: 0 BTC to script 6a04deadbeef (no address)",
                "Network fee: 0.0001 BTC (70.9 sat/vB over 141 vB)",
            ]
        )
        // Before signing, the estimate: 169 bytes stripped, 2 × 108 witness bytes and the marker: 224 vB.
        #expect(transaction.estimatedVirtualSize == 224)
        #expect(BitcoinSummary.lines(for: transaction)[4] == "Network fee: 0.0001 BTC (44.6 sat/vB over 224 vB)")
    }

    @Test("one input is singular; other networks are named")
    func singularAndNetworks() throws {
        let transaction = try Self.transaction(input: 100_000, outputs: [(99_000, PSBTBuilder.otherScript)])
        #expect(BitcoinSummary.lines(for: transaction)[0] == "Bitcoin regtest transaction from \(Self.from), spending 1 input of 0.001 BTC:")
        #expect(BitcoinNetwork.allCases.map(\.displayName) == ["Bitcoin", "Bitcoin testnet", "Bitcoin signet", "Bitcoin regtest"])
        #expect(BitcoinNetwork.allCases.map(\.bech32Prefix) == ["bc", "tb", "tb", "bcrt"])
    }

    @Test(
        "a non-zero lock time reads as a block height below 500000000, else as a UTC time",
        arguments: [
            (UInt32(800_000), "Valid only from block 800000."),
            (499_999_999, "Valid only from block 499999999."),
            (500_000_000, "Valid only from 1985-11-05T00:53:20Z."),
            (1_700_000_000, "Valid only from 2023-11-14T22:13:20Z."),
            (4_294_967_295, "Valid only from 2106-02-07T06:28:15Z."),
        ]
    )
    func lockTime(_ lockTime: UInt32, _ line: String) throws {
        let transaction = try Self.transaction(input: 100_000, outputs: [(99_000, PSBTBuilder.otherScript)], lockTime: lockTime)
        let lines = BitcoinSummary.lines(for: transaction, virtualSize: 110)
        #expect(lines.count == 4)
        #expect(lines.last == line)
        let unlocked = try Self.transaction(input: 100_000, outputs: [(99_000, PSBTBuilder.otherScript)])
        #expect(BitcoinSummary.lines(for: unlocked, virtualSize: 110).count == 3)
    }

    /// A fee-warning case: one input, outputs as (value, is change), and which warnings it shows.
    struct WarningCase: Sendable, CustomTestStringConvertible {
        let input: UInt64
        let outputs: [(value: UInt64, isChange: Bool)]
        let warnsShare: Bool
        let warnsHigh: Bool

        var testDescription: String { "input \(input), outputs \(outputs.map { "\($0.value)\($0.isChange ? " change" : "")" })" }
    }

    static let warningCases: [WarningCase] = [
        WarningCase(input: 100_000, outputs: [(90_000, false)], warnsShare: true, warnsHigh: false),
        WarningCase(input: 100_000, outputs: [(95_000, false)], warnsShare: true, warnsHigh: false),
        // fee × 20 equal to the amount sent: not more than 5%.
        WarningCase(input: 105_000, outputs: [(100_000, false)], warnsShare: false, warnsHigh: false),
        WarningCase(input: 100_000, outputs: [(99_000, true)], warnsShare: false, warnsHigh: false),
        WarningCase(input: 100_000, outputs: [(90_000, true)], warnsShare: true, warnsHigh: false),
        WarningCase(input: 100_000, outputs: [(50_000, false), (49_000, true)], warnsShare: false, warnsHigh: false),
        WarningCase(input: 100_000, outputs: [(10_000, false), (89_000, true)], warnsShare: true, warnsHigh: false),
        WarningCase(input: 10_000_000, outputs: [(8_000_000, false)], warnsShare: true, warnsHigh: true),
        WarningCase(input: 101_000_000, outputs: [(100_000_000, false)], warnsShare: false, warnsHigh: false),
        WarningCase(input: 102_000_000, outputs: [(100_000_000, false)], warnsShare: false, warnsHigh: true),
    ]

    @Test("warnings: fee over 5% of the amount sent (all outputs when all are change), fee above 0.01 BTC", arguments: warningCases)
    func warnings(_ example: WarningCase) throws {
        let transaction = try Self.transaction(
            input: example.input,
            outputs: example.outputs.map { ($0.value, $0.isChange ? PSBTBuilder.fromScript : PSBTBuilder.otherScript) }
        )
        let lines = BitcoinSummary.lines(for: transaction, virtualSize: 200)
        let share = "Warning: the network fee is more than 5% of the amount sent."
        let high = "Warning: the network fee is above 0.01 BTC."
        #expect(lines.contains(share) == example.warnsShare)
        #expect(lines.contains(high) == example.warnsHigh)
        if example.warnsShare && example.warnsHigh {
            #expect(Array(lines.suffix(2)) == [share, high])
        }
    }

    @Test("amounts are exact BTC with trailing zeros dropped")
    func amounts() {
        #expect(BitcoinSummary.btc(0) == "0 BTC")
        #expect(BitcoinSummary.btc(1) == "0.00000001 BTC")
        #expect(BitcoinSummary.btc(150_000_000) == "1.5 BTC")
        #expect(BitcoinSummary.btc(BitcoinOutput.maxMoney) == "21000000 BTC")
    }

    @Test("the rate is fee / vsize rounded half up to one decimal")
    func rate() {
        #expect(BitcoinSummary.rate(fee: 5, virtualSize: 100) == "0.1")
        #expect(BitcoinSummary.rate(fee: 4, virtualSize: 100) == "0.0")
        #expect(BitcoinSummary.rate(fee: 1_000, virtualSize: 141) == "7.1")
        #expect(BitcoinSummary.rate(fee: 1_234, virtualSize: 100) == "12.3")
        #expect(BitcoinSummary.rate(fee: 1_235, virtualSize: 100) == "12.4")
        #expect(BitcoinSummary.rate(fee: BitcoinOutput.maxMoney, virtualSize: 1) == "2100000000000000.0")
    }
}
