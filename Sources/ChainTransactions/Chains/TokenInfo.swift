/// An ERC-20 token of a token list: a token is its chain id and contract address (PROTOCOL.md 8.3);
/// its symbol and decimals are how approvals write amounts of it.
public struct TokenInfo: Sendable, Hashable {
    public let chainId: UInt64
    public let address: EVMAddress
    public let symbol: String
    public let name: String
    /// Decimal places of the token's amounts, 0…77.
    public let decimals: Int

    public init(chainId: UInt64, address: EVMAddress, symbol: String, name: String, decimals: Int) {
        self.chainId = chainId
        self.address = address
        self.symbol = symbol
        self.name = name
        self.decimals = decimals
    }
}
