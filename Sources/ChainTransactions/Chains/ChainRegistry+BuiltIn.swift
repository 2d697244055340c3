extension ChainRegistry {
    /// The chains of PROTOCOL.md 8.4, without RPC endpoints or explorers (configuration adds those).
    public static let builtInChains: [EVMChain] = [
        EVMChain(chainId: 1, name: "Ethereum", symbol: "ETH", decimals: 18),
        EVMChain(chainId: 10, name: "OP Mainnet", symbol: "ETH", decimals: 18),
        EVMChain(chainId: 137, name: "Polygon", symbol: "POL", decimals: 18),
        EVMChain(chainId: 8453, name: "Base", symbol: "ETH", decimals: 18),
        EVMChain(chainId: 42_161, name: "Arbitrum One", symbol: "ETH", decimals: 18),
        EVMChain(chainId: 11_155_111, name: "Sepolia", symbol: "ETH", decimals: 18),
    ]

    /// A few widely used tokens, so the most common approvals read in token units without any token
    /// list configured: the issuers' own mainnet contracts (native USDC, not bridged USDC.e, on the
    /// rollups and Polygon). Addresses are written in EIP-55 case and checked as such.
    public static let defaultTokens: [TokenInfo] = [
        builtInToken(1, "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", "USDC", "USD Coin", 6),
        builtInToken(1, "0xdAC17F958D2ee523a2206206994597C13D831ec7", "USDT", "Tether USD", 6),
        builtInToken(1, "0x6B175474E89094C44Da98b954EedeAC495271d0F", "DAI", "Dai Stablecoin", 18),
        builtInToken(1, "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", "WETH", "Wrapped Ether", 18),
        builtInToken(10, "0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85", "USDC", "USD Coin", 6),
        builtInToken(137, "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359", "USDC", "USD Coin", 6),
        builtInToken(8453, "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "USDC", "USD Coin", 6),
        builtInToken(42_161, "0xaf88d065e77c8cC2239327C5EDb3A432268e5831", "USDC", "USD Coin", 6),
    ]

    /// A default token from a constant of this file; a constant that fails its own EIP-55 check is a
    /// programming error, caught by the tests.
    private static func builtInToken(_ chainId: UInt64, _ address: String, _ symbol: String, _ name: String, _ decimals: Int) -> TokenInfo {
        do {
            return TokenInfo(chainId: chainId, address: try EVMAddress(address), symbol: symbol, name: name, decimals: decimals)
        } catch {
            preconditionFailure("built-in token \(symbol) on chain \(chainId): \(error)")
        }
    }
}
