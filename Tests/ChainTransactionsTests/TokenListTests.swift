import ErrorCodes
import Testing

@testable import ChainTransactions

@Suite("TokenList")
struct TokenListTests {
    private func parse(_ text: String) throws(ChainTransactionError) -> [TokenInfo] {
        try TokenList.parse(Array(text.utf8))
    }

    private func expectInvalid(_ text: String, mentioning word: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try parse(text)
            Issue.record("accepted \(text)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == .chainListInvalid, sourceLocation: sourceLocation)
            #expect(error.message.contains(word), "\(error.message)", sourceLocation: sourceLocation)
        }
    }

    static let goodList = #"""
        {"name":"Test list","timestamp":"2024-01-01T00:00:00Z","version":{"major":1,"minor":0,"patch":0},
         "tokens":[
          {"chainId":1,"address":"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48","symbol":"USDC","name":"USD Coin","decimals":6,"logoURI":"https://x"},
          {"chainId":8453,"address":"0x833589fcd6edb6e08f4c7c32d4f71b54bda02913","symbol":"USDC","name":"USD Coin","decimals":6,"tags":["stable"]},
          {"chainId":100,"address":"0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb","symbol":"P\u202eTS","name":"Points","decimals":0}
         ]}
        """#

    @Test("a good list parses in file order, extra members ignored")
    func good() throws {
        let tokens = try parse(Self.goodList)
        #expect(tokens.count == 3)
        #expect(
            tokens[0]
                == TokenInfo(
                    chainId: 1,
                    address: Calldata.address("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"),
                    symbol: "USDC",
                    name: "USD Coin",
                    decimals: 6
                )
        )
        #expect(tokens[1].address.checksummed == "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913")
        #expect(tokens[2].symbol == "P\u{202E}TS")
        #expect(tokens[2].decimals == 0)
        #expect(try parse(#"{"tokens":[]}"#).isEmpty)
    }

    @Test("bad JSON and wrong shapes are chain_list_invalid with what is wrong")
    func badShapes() {
        expectInvalid("", mentioning: "JSON")
        expectInvalid("{", mentioning: "JSON")
        expectInvalid("[]", mentioning: "object")
        expectInvalid(#"{"name":"x"}"#, mentioning: "tokens is missing")
        expectInvalid(#"{"tokens":{}}"#, mentioning: "tokens")
        expectInvalid(
            #"{"tokens":[{"chainId":"1","address":"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48","symbol":"U","name":"U","decimals":6}]}"#,
            mentioning: "tokens[0].chainId"
        )
        expectInvalid(
            #"{"tokens":[{"chainId":1,"address":"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48","symbol":"U","name":"U","decimals":6.5}]}"#,
            mentioning: "6.5"
        )
        expectInvalid(
            #"{"tokens":[{"chainId":1,"address":"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48","symbol":"U","name":"U","decimals":true}]}"#,
            mentioning: "decimals"
        )
        expectInvalid(
            #"{"tokens":[{"chainId":1,"address":"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48","symbol":"U","decimals":6}]}"#,
            mentioning: "tokens[0].name is missing"
        )
        expectInvalid(#"{"tokens":[{"chainId":1,"address":null,"symbol":"U","name":"U","decimals":6}]}"#, mentioning: "address")
        expectInvalid(
            #"{"tokens":[{"chainId":0,"address":"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48","symbol":"U","name":"U","decimals":6}]}"#,
            mentioning: "chainId"
        )
        expectInvalid(
            #"{"tokens":[{"chainId":1,"address":"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48","symbol":"U","name":"U","decimals":78}]}"#,
            mentioning: "decimals"
        )
        expectInvalid(
            #"{"tokens":[{"chainId":1,"address":"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48","symbol":"U","name":"U","decimals":-1}]}"#,
            mentioning: "decimals"
        )
        expectInvalid(
            #"{"tokens":[{"chainId":1,"address":"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48","symbol":"","name":"U","decimals":6}]}"#,
            mentioning: "symbol"
        )
        expectInvalid(#"{"tokens":[{"chainId":1,"address":"0xA0b8","symbol":"U","name":"U","decimals":6}]}"#, mentioning: "tokens[0].address")
    }

    @Test("a mixed-case address with a wrong checksum is chain_list_invalid")
    func checksum() {
        expectInvalid(
            #"{"tokens":[{"chainId":1,"address":"0xa0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48","symbol":"USDC","name":"USD Coin","decimals":6}]}"#,
            mentioning: "EIP-55"
        )
    }

    @Test("lists over 10 MiB or 100,000 tokens are refused")
    func bounds() {
        #expect(throws: ChainTransactionError(code: .chainListInvalid, message: "")) {
            try TokenList.parse([UInt8](repeating: 0x20, count: TokenList.maximumBytes + 1))
        }
        let token = #"{"chainId":1,"address":"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48","symbol":"U","name":"U","decimals":6}"#
        // 100,001 tokens do not fit in 10 MiB, so the token bound is tested at a smaller size.
        let list = #"{"tokens":["# + [String](repeating: token, count: 3).joined(separator: ",") + "]}"
        #expect(throws: ChainTransactionError(code: .chainListInvalid, message: "")) {
            try TokenList.parse(Array(list.utf8), maximumBytes: TokenList.maximumBytes, maximumTokens: 2)
        }
        #expect((try? TokenList.parse(Array(list.utf8), maximumBytes: TokenList.maximumBytes, maximumTokens: 3))?.count == 3)
    }
}
