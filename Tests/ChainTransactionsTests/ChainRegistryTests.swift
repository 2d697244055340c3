import Testing

@testable import ChainTransactions

@Suite("ChainRegistry")
struct ChainRegistryTests {
    @Test("the built-in chains are those of PROTOCOL.md 8.4, without RPC endpoints")
    func builtInChains() {
        let chains = ChainRegistry.builtIn.evmChains
        #expect(chains.map(\.chainId) == [1, 10, 137, 8453, 42_161, 11_155_111])
        #expect(chains.map(\.name) == ["Ethereum", "OP Mainnet", "Polygon", "Base", "Arbitrum One", "Sepolia"])
        #expect(chains.map(\.symbol) == ["ETH", "ETH", "POL", "ETH", "ETH", "ETH"])
        #expect(chains.allSatisfy { $0.decimals == 18 && $0.rpcURL == nil && $0.explorerURL == nil })
    }

    @Test("the default tokens pass their own EIP-55 check and sit on built-in chains")
    func defaultTokens() throws {
        for token in ChainRegistry.defaultTokens {
            #expect(try EVMAddress(token.address.checksummed) == token.address)
            #expect(ChainRegistry.builtIn.evmChain(token.chainId) != nil)
            #expect(ChainRegistry.builtIn.token(chainId: token.chainId, address: token.address) == token)
        }
        let usdc = try EVMAddress("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48")
        #expect(ChainRegistry.builtIn.token(chainId: 1, address: usdc)?.decimals == 6)
        #expect(ChainRegistry.builtIn.token(chainId: 10, address: usdc) == nil)
        #expect(ChainRegistry.builtIn.tokens.count == 8)
    }

    @Test("configured chains and tokens override the built-in ones; the later configured entry wins")
    func overrides() throws {
        let usdc = try EVMAddress("0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48")
        let registry = ChainRegistry(
            evm: [
                EVMChain(chainId: 1, name: "Mainnet", symbol: "ETH", decimals: 18, rpcURL: "https://rpc.example"),
                EVMChain(chainId: 100, name: "Gnosis", symbol: "xDAI", decimals: 18),
                EVMChain(chainId: 100, name: "Gnosis Chain", symbol: "xDAI", decimals: 18),
            ],
            tokens: [TokenInfo(chainId: 1, address: usdc, symbol: "USDC.x", name: "Mine", decimals: 6)]
        )
        #expect(registry.evmChain(1)?.name == "Mainnet")
        #expect(registry.evmChain(1)?.rpcURL == "https://rpc.example")
        #expect(registry.evmChain(100)?.name == "Gnosis Chain")
        #expect(registry.evmChain(999) == nil)
        #expect(registry.evmChains.map(\.chainId) == [1, 10, 100, 137, 8453, 42_161, 11_155_111])
        #expect(registry.token(chainId: 1, address: usdc)?.symbol == "USDC.x")
        #expect(registry.tokens.count == 8)
    }

    @Test("explorer links replace {hash}; none without a template or a {hash}")
    func explorerLinks() {
        let hash = "0x" + String(repeating: "ab", count: 32)
        #expect(
            EVMChain(chainId: 1, name: "E", symbol: "ETH", decimals: 18, explorerURL: "https://etherscan.io/tx/{hash}").explorerLink(
                transactionHash: hash
            ) == "https://etherscan.io/tx/" + hash
        )
        #expect(EVMChain(chainId: 1, name: "E", symbol: "ETH", decimals: 18).explorerLink(transactionHash: hash) == nil)
        #expect(
            EVMChain(chainId: 1, name: "E", symbol: "ETH", decimals: 18, explorerURL: "https://etherscan.io/tx/").explorerLink(transactionHash: hash)
                == nil
        )
    }
}
