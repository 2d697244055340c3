/// The EVM chains and ERC-20 tokens chainmail knows: the built-in ones (PROTOCOL.md 8.4) and the
/// configured ones, which override built-ins with the same chain id, or the same chain id and address.
public struct ChainRegistry: Sendable {
    private let chainsById: [UInt64: EVMChain]
    private let tokensByKey: [TokenKey: TokenInfo]

    /// A token is its chain id and contract address.
    private struct TokenKey: Hashable {
        var chainId: UInt64
        var address: EVMAddress
    }

    /// The built-in chains and default tokens, then `evm` and `tokens` on top: a configured chain id
    /// replaces the built-in chain, a configured token (chain id, address) replaces the default one.
    /// Among configured entries the later wins.
    public init(evm: [EVMChain], tokens: [TokenInfo]) {
        self.init(builtInChains: Self.builtInChains + evm, tokens: Self.defaultTokens + tokens)
    }

    private init(builtInChains chains: [EVMChain], tokens: [TokenInfo]) {
        var chainsById: [UInt64: EVMChain] = [:]
        for chain in chains {
            chainsById[chain.chainId] = chain
        }
        var tokensByKey: [TokenKey: TokenInfo] = [:]
        for token in tokens {
            tokensByKey[TokenKey(chainId: token.chainId, address: token.address)] = token
        }
        self.chainsById = chainsById
        self.tokensByKey = tokensByKey
    }

    /// The built-in chains and default tokens alone.
    public static let builtIn = ChainRegistry(evm: [], tokens: [])

    /// The chain with this id, if configured or built in.
    public func evmChain(_ chainId: UInt64) -> EVMChain? {
        chainsById[chainId]
    }

    /// The token at this address on this chain, if a token list or the defaults name it.
    public func token(chainId: UInt64, address: EVMAddress) -> TokenInfo? {
        tokensByKey[TokenKey(chainId: chainId, address: address)]
    }

    /// Every known EVM chain, by chain id.
    public var evmChains: [EVMChain] {
        chainsById.values.sorted { $0.chainId < $1.chainId }
    }

    /// Every known token, by chain id then address.
    public var tokens: [TokenInfo] {
        tokensByKey.values.sorted { ($0.chainId, $0.address.lowercaseHex) < ($1.chainId, $1.address.lowercaseHex) }
    }
}
