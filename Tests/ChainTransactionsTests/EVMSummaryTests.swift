import Testing

@testable import ChainTransactions

/// The approval lines of PROTOCOL.md 8.3, transaction by transaction.
@Suite("EVMSummary")
struct EVMSummaryTests {
    static let from = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
    static let recipient = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"
    static let spender = "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB"
    static let unknownToken = "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"
    static let usdc = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"
    static let usdt = "0xdAC17F958D2ee523a2206206994597C13D831ec7"
    static let dai = "0x6B175474E89094C44Da98b954EedeAC495271d0F"
    static let weth = "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2"
    static let usdcBase = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"
    static let max = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
    static let twoTo255 = "57896044618658097711785492504343953926634992332820282019728792003956564819968"
    static let twoTo255Minus1 = "57896044618658097711785492504343953926634992332820282019728792003956564819967"
    static let mainnet = "On Ethereum (chain 1), from \(from):"
    static let fee = "Network fee: at most 0.00063 ETH (gas limit 21000 at up to 30 gwei)"

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var chainId: UInt64 = 1
        var to: String = EVMSummaryTests.recipient
        var value = "0"
        var data = "0x"
        var gasLimit: UInt64 = 21_000
        var maxFeePerGas = "30000000000"
        var chains: [EVMChain] = []
        var tokens: [TokenInfo] = []
        var expected: [String]

        var testDescription: String { name }
    }

    static func transfer(_ to: String, _ amount: String) -> String {
        Calldata.hex("a9059cbb", Calldata.word(to), Calldata.word(amount: amount))
    }

    static func approve(_ spender: String, _ amount: String) -> String {
        Calldata.hex("095ea7b3", Calldata.word(spender), Calldata.word(amount: amount))
    }

    static func transferFrom(_ from: String, _ to: String, _ amount: String) -> String {
        Calldata.hex("23b872dd", Calldata.word(from), Calldata.word(to), Calldata.word(amount: amount))
    }

    static func token(_ chainId: UInt64, _ address: String, _ symbol: String, _ decimals: Int) -> TokenInfo {
        TokenInfo(chainId: chainId, address: Calldata.address(address), symbol: symbol, name: symbol, decimals: decimals)
    }

    static let cases: [Case] = [
        // Native amounts.
        Case(name: "1.5 ETH", value: "1500000000000000000", expected: [mainnet, "Send 1.5 ETH to \(recipient)", fee]),
        Case(name: "1 wei", value: "1", expected: [mainnet, "Send 0.000000000000000001 ETH to \(recipient)", fee]),
        Case(
            name: "2^256 − 1 wei",
            value: max,
            expected: [mainnet, "Send 115792089237316195423570985008687907853269984665640564039457.584007913129639935 ETH to \(recipient)", fee]
        ),
        Case(name: "zero value, no data", expected: [mainnet, fee]),
        Case(
            name: "Sepolia",
            chainId: 11_155_111,
            value: "1000000000000000000",
            expected: ["On Sepolia (chain 11155111), from \(from):", "Send 1 ETH to \(recipient)", fee]
        ),
        Case(
            name: "Polygon pays in POL",
            chainId: 137,
            value: "2500000000000000000",
            expected: [
                "On Polygon (chain 137), from \(from):", "Send 2.5 POL to \(recipient)",
                "Network fee: at most 0.00063 POL (gas limit 21000 at up to 30 gwei)",
            ]
        ),
        Case(name: "OP Mainnet", chainId: 10, expected: ["On OP Mainnet (chain 10), from \(from):", fee]),
        Case(name: "Base", chainId: 8453, expected: ["On Base (chain 8453), from \(from):", fee]),
        Case(name: "Arbitrum One", chainId: 42_161, expected: ["On Arbitrum One (chain 42161), from \(from):", fee]),
        // ERC-20 on listed tokens.
        Case(
            name: "100 USDC",
            to: usdc,
            data: transfer(recipient, "100000000"),
            expected: [mainnet, "Transfer 100 USDC (token \(usdc)) to \(recipient)", fee]
        ),
        Case(
            name: "1 unit of USDC (6 decimals)",
            to: usdc,
            data: transfer(recipient, "1"),
            expected: [mainnet, "Transfer 0.000001 USDC (token \(usdc)) to \(recipient)", fee]
        ),
        Case(
            name: "2^256 − 1 units of DAI (18 decimals)",
            to: dai,
            data: transfer(recipient, max),
            expected: [
                mainnet,
                "Transfer 115792089237316195423570985008687907853269984665640564039457.584007913129639935 DAI (token \(dai)) to \(recipient)", fee,
            ]
        ),
        Case(
            name: "approve exactly 2^255 is UNLIMITED",
            to: usdt,
            data: approve(spender, twoTo255),
            expected: [mainnet, "Allow \(spender) to spend UNLIMITED USDT (token \(usdt))", fee]
        ),
        Case(
            name: "approve 2^256 − 1 is UNLIMITED",
            to: usdt,
            data: approve(spender, max),
            expected: [mainnet, "Allow \(spender) to spend UNLIMITED USDT (token \(usdt))", fee]
        ),
        Case(
            name: "approve 2^255 − 1 is an amount",
            to: usdt,
            data: approve(spender, twoTo255Minus1),
            expected: [
                mainnet,
                "Allow \(spender) to spend 57896044618658097711785492504343953926634992332820282019728792003956564.819967 USDT (token \(usdt))",
                fee,
            ]
        ),
        Case(
            name: "approve zero",
            to: usdc,
            data: approve(spender, "0"),
            expected: [mainnet, "Allow \(spender) to spend 0 USDC (token \(usdc))", fee]
        ),
        Case(
            name: "transferFrom 5 WETH",
            to: weth,
            data: transferFrom(spender, recipient, "5000000000000000000"),
            expected: [mainnet, "Move 5 WETH (token \(weth)) from \(spender) to \(recipient)", fee]
        ),
        Case(
            name: "transferFrom 0 DAI",
            to: dai,
            data: transferFrom(spender, recipient, "0"),
            expected: [mainnet, "Move 0 DAI (token \(dai)) from \(spender) to \(recipient)", fee]
        ),
        Case(
            name: "USDC on Base",
            chainId: 8453,
            to: usdcBase,
            data: transfer(recipient, "2500000"),
            expected: ["On Base (chain 8453), from \(from):", "Transfer 2.5 USDC (token \(usdcBase)) to \(recipient)", fee]
        ),
        // Unknown tokens.
        Case(
            name: "transfer of an unknown token",
            to: unknownToken,
            data: transfer(recipient, "1000000"),
            expected: [mainnet, "Transfer 1000000 (raw amount) of unknown token \(unknownToken) to \(recipient)", fee]
        ),
        Case(
            name: "unlimited approval of an unknown token",
            to: unknownToken,
            data: approve(spender, twoTo255),
            expected: [mainnet, "Allow \(spender) to spend UNLIMITED of unknown token \(unknownToken)", fee]
        ),
        Case(
            name: "approval of 2^255 − 1 of an unknown token",
            to: unknownToken,
            data: approve(spender, twoTo255Minus1),
            expected: [mainnet, "Allow \(spender) to spend \(twoTo255Minus1) (raw amount) of unknown token \(unknownToken)", fee]
        ),
        Case(
            name: "transferFrom of an unknown token",
            to: unknownToken,
            data: transferFrom(spender, recipient, "42"),
            expected: [mainnet, "Move 42 (raw amount) of unknown token \(unknownToken) from \(spender) to \(recipient)", fee]
        ),
        Case(
            name: "Ethereum's USDC address on Base is an unknown token there",
            chainId: 8453,
            to: usdc,
            data: transfer(recipient, "100000000"),
            expected: ["On Base (chain 8453), from \(from):", "Transfer 100000000 (raw amount) of unknown token \(usdc) to \(recipient)", fee]
        ),
        // Undecoded calls.
        Case(
            name: "transfer with one byte too many",
            to: usdc,
            data: transfer(recipient, "1") + "00",
            expected: [mainnet, "Call contract \(usdc) with data 0xa9059cbb… (69 bytes, not decoded)", fee]
        ),
        Case(
            name: "transfer without its amount",
            to: usdc,
            data: Calldata.hex("a9059cbb", Calldata.word(recipient)),
            expected: [mainnet, "Call contract \(usdc) with data 0xa9059cbb… (36 bytes, not decoded)", fee]
        ),
        Case(
            name: "transfer whose address word has bits above 160",
            to: usdc,
            data: Calldata.hex("a9059cbb", [1] + [UInt8](repeating: 0, count: 31), Calldata.word(amount: "1")),
            expected: [mainnet, "Call contract \(usdc) with data 0xa9059cbb… (68 bytes, not decoded)", fee]
        ),
        Case(
            name: "an unknown selector",
            to: unknownToken,
            data: Calldata.hex("12345678", Calldata.word(recipient), Calldata.word(amount: "1")),
            expected: [mainnet, "Call contract \(unknownToken) with data 0x12345678… (68 bytes, not decoded)", fee]
        ),
        Case(
            name: "2 bytes of data are shown whole",
            to: unknownToken,
            data: "0xabcd",
            expected: [mainnet, "Call contract \(unknownToken) with data 0xabcd (2 bytes, not decoded)", fee]
        ),
        Case(
            name: "1 byte of data",
            to: unknownToken,
            data: "0x00",
            expected: [mainnet, "Call contract \(unknownToken) with data 0x00 (1 byte, not decoded)", fee]
        ),
        Case(
            name: "a bare transfer selector",
            to: usdc,
            data: "0xa9059cbb",
            expected: [mainnet, "Call contract \(usdc) with data 0xa9059cbb (4 bytes, not decoded)", fee]
        ),
        // Value and data together.
        Case(
            name: "ETH sent along with a token transfer",
            to: usdc,
            value: "1000000000000000000",
            data: transfer(recipient, "100000000"),
            expected: [mainnet, "Send 1 ETH to \(usdc)", "Transfer 100 USDC (token \(usdc)) to \(recipient)", fee]
        ),
        Case(
            name: "ETH sent along with an undecoded call",
            to: unknownToken,
            value: "1",
            data: "0xdeadbeef00",
            expected: [
                mainnet, "Send 0.000000000000000001 ETH to \(unknownToken)",
                "Call contract \(unknownToken) with data 0xdeadbeef… (5 bytes, not decoded)", fee,
            ]
        ),
        // Configuration.
        Case(
            name: "a configured chain overrides the built-in one",
            value: "1000000000000000000",
            chains: [EVMChain(chainId: 1, name: "Mainnet (custom)", symbol: "XETH", decimals: 18, rpcURL: "http://localhost:8545")],
            expected: [
                "On Mainnet (custom) (chain 1), from \(from):", "Send 1 XETH to \(recipient)",
                "Network fee: at most 0.00063 XETH (gas limit 21000 at up to 30 gwei)",
            ]
        ),
        Case(
            name: "a configured chain of its own, with 6 decimals",
            chainId: 100,
            value: "1500000",
            chains: [EVMChain(chainId: 100, name: "Gnosis", symbol: "xDAI", decimals: 6)],
            expected: [
                "On Gnosis (chain 100), from \(from):", "Send 1.5 xDAI to \(recipient)",
                "Network fee: at most 630000000 xDAI (gas limit 21000 at up to 30 gwei)",
            ]
        ),
        Case(
            name: "a configured name's bidi override is shown escaped",
            chainId: 5,
            chains: [EVMChain(chainId: 5, name: "Evil\u{202E}niahc\n", symbol: "E\"TH", decimals: 18)],
            expected: [
                "On Evil\\u{202E}niahc\\u{000A} (chain 5), from \(from):",
                "Network fee: at most 0.00063 E\\\"TH (gas limit 21000 at up to 30 gwei)",
            ]
        ),
        Case(
            name: "a chain that is not configured",
            chainId: 999,
            value: "1500000000000000000",
            expected: [
                "On chain 999 (not configured), from \(from):", "Send 1500000000000000000 (raw amount) to \(recipient)",
                "Network fee: at most 630000000000000 (raw amount) (gas limit 21000 at up to 30 gwei)",
            ]
        ),
        Case(
            name: "a configured token overrides the default one",
            to: usdc,
            data: transfer(recipient, "100000000"),
            tokens: [token(1, usdc, "USDC2", 2)],
            expected: [mainnet, "Transfer 1000000 USDC2 (token \(usdc)) to \(recipient)", fee]
        ),
        Case(
            name: "a configured token with 0 decimals",
            to: unknownToken,
            data: transfer(recipient, "12345"),
            tokens: [token(1, unknownToken, "POINTS", 0)],
            expected: [mainnet, "Transfer 12345 POINTS (token \(unknownToken)) to \(recipient)", fee]
        ),
        Case(
            name: "configured decimals out of range read as raw amounts and an unknown token",
            chainId: 100,
            to: unknownToken,
            value: "7",
            data: transfer(recipient, "12345"),
            chains: [EVMChain(chainId: 100, name: "Odd", symbol: "ODD", decimals: Int.max)],
            tokens: [token(100, unknownToken, "HUGE", 1_000_000)],
            expected: [
                "On Odd (chain 100), from \(from):", "Send 7 (raw amount) to \(unknownToken)",
                "Transfer 12345 (raw amount) of unknown token \(unknownToken) to \(recipient)",
                "Network fee: at most 630000000000000 (raw amount) (gas limit 21000 at up to 30 gwei)",
            ]
        ),
        // Fees.
        Case(
            name: "the largest fee: gas limit 1 at 2^256 − 1 wei",
            gasLimit: 1,
            maxFeePerGas: max,
            expected: [
                mainnet,
                "Network fee: at most 115792089237316195423570985008687907853269984665640564039457.584007913129639935 ETH"
                    + " (gas limit 1 at up to 115792089237316195423570985008687907853269984665640564039457584007913.129639935 gwei)",
            ]
        ),
        Case(
            name: "a fee in fractions of a gwei",
            gasLimit: 100_000,
            maxFeePerGas: "1500000001",
            expected: [mainnet, "Network fee: at most 0.0001500000001 ETH (gas limit 100000 at up to 1.500000001 gwei)"]
        ),
        Case(
            name: "a zero fee",
            maxFeePerGas: "0",
            expected: [mainnet, "Network fee: at most 0 ETH (gas limit 21000 at up to 0 gwei)"]
        ),
    ]

    @Test("approval lines", arguments: cases)
    func lines(_ testCase: Case) throws {
        let transaction = try EVMTransaction(
            chainId: testCase.chainId,
            from: Self.from,
            path: "ethereum,1",
            nonce: 0,
            to: testCase.to,
            value: testCase.value,
            data: testCase.data,
            gasLimit: testCase.gasLimit,
            maxFeePerGas: testCase.maxFeePerGas,
            maxPriorityFeePerGas: "0"
        )
        let registry = ChainRegistry(evm: testCase.chains, tokens: testCase.tokens)
        #expect(EVMSummary.lines(for: transaction, chains: registry) == testCase.expected)
    }

    @Test("the table covers at least 30 transactions")
    func tableSize() {
        #expect(Self.cases.count >= 30)
    }
}
