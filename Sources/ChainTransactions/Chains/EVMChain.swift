/// An EVM chain as the configuration lists it (PROTOCOL.md 8.4): what the approval calls it, its
/// native coin, and where signed transactions are sent and shown.
public struct EVMChain: Sendable, Hashable {
    public let chainId: UInt64
    /// The name approvals show, e.g. "Ethereum".
    public let name: String
    /// The native coin's symbol, e.g. "ETH".
    public let symbol: String
    /// Decimal places of the native coin (18 on every built-in chain).
    public let decimals: Int
    /// The JSON-RPC endpoint that `eth_sendRawTransaction` goes to; nil: signed transactions are not sent.
    public let rpcURL: String?
    /// A link template for a transaction, `{hash}` standing for its `0x…` hash; nil: no link.
    public let explorerURL: String?

    public init(chainId: UInt64, name: String, symbol: String, decimals: Int, rpcURL: String? = nil, explorerURL: String? = nil) {
        self.chainId = chainId
        self.name = name
        self.symbol = symbol
        self.decimals = decimals
        self.rpcURL = rpcURL
        self.explorerURL = explorerURL
    }

    /// The explorer link of a transaction: `explorerURL` with every `{hash}` replaced by
    /// `transactionHash`; nil without a template or when the template has no `{hash}` (a link that
    /// does not name the transaction would mislead).
    public func explorerLink(transactionHash: String) -> String? {
        guard let explorerURL, explorerURL.contains("{hash}") else { return nil }
        return explorerURL.replacingOccurrences(of: "{hash}", with: transactionHash)
    }
}
