import ChainTransactions
import Foundation

/// The `chains:` section (PROTOCOL.md section 8.4): EVM chains beside or instead of the built-in
/// ones (a configured chainId overrides the built-in entry), and token lists in the tokenlists.org
/// JSON format, by path.
///
/// ```yaml
/// chains:
///   evm:
///     - {chainId: 31337, name: Local, symbol: ETH, decimals: 18,
///        rpcURL: "http://127.0.0.1:8545", explorerURL: "https://explorer.example/tx/{hash}"}
///   tokenLists: [config/tokens.json]
/// ```
struct ChainsSection: Decodable, Sendable {
    struct EVMChainEntry: Decodable, Sendable {
        var chainId: UInt64
        var name: String
        var symbol: String
        var decimals: Int
        var rpcURL: String?
        var explorerURL: String?
    }

    var evm: [EVMChainEntry]?
    var tokenLists: [String]?

    /// Every problem of the section that needs no connection, in words (config check).
    var problems: [String] {
        var problems = Self.problems(of: evm ?? [], setting: "chains.evm")
        for path in tokenLists ?? [] {
            do {
                _ = try Self.tokens(path: path)
            } catch {
                problems.append("chains.tokenLists: \(path): \(error)")
            }
        }
        return problems
    }

    /// The chains and tokens: the built-in ones, then these.
    func registry() throws -> ChainRegistry {
        var tokens: [TokenInfo] = []
        for path in tokenLists ?? [] { tokens += try Self.tokens(path: path) }
        return Self.registry(evm ?? [], tokens: tokens)
    }

    /// What is wrong with `entries` (named `setting[i]`): the rules of a configured chain, the same
    /// for the configuration and a fixture folder's chains.json.
    static func problems(of entries: [EVMChainEntry], setting: String) -> [String] {
        var problems: [String] = []
        var seen = Set<UInt64>()
        for (index, entry) in entries.enumerated() {
            let name = "\(setting)[\(index)]"
            if !(1..<EVMTransaction.integerLimit).contains(entry.chainId) { problems.append("\(name).chainId must be 1 to 2^53-1") }
            if !seen.insert(entry.chainId).inserted { problems.append("\(name).chainId \(entry.chainId) is listed twice") }
            if entry.name.isEmpty || entry.name.count > 64 { problems.append("\(name).name must be 1 to 64 characters") }
            if entry.symbol.isEmpty || entry.symbol.count > 16 { problems.append("\(name).symbol must be 1 to 16 characters") }
            if !(0...TokenList.maximumDecimals).contains(entry.decimals) { problems.append("\(name).decimals must be 0 to 77") }
            if let url = entry.rpcURL, !isHTTPURL(url) { problems.append("\(name).rpcURL must be an http or https URL, not \(url)") }
            if let url = entry.explorerURL, !isHTTPURL(url) || !url.contains("{hash}") {
                problems.append("\(name).explorerURL must be an http or https URL holding {hash}, not \(url)")
            }
        }
        return problems
    }

    /// The built-in chains and tokens, then `entries` and `tokens`.
    static func registry(_ entries: [EVMChainEntry], tokens: [TokenInfo]) -> ChainRegistry {
        let chains = entries.map {
            EVMChain(chainId: $0.chainId, name: $0.name, symbol: $0.symbol, decimals: $0.decimals, rpcURL: $0.rpcURL, explorerURL: $0.explorerURL)
        }
        return ChainRegistry(evm: chains, tokens: tokens)
    }

    private static func tokens(path: String) throws -> [TokenInfo] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("cannot read the token list \(path)")
        }
        return try TokenList.parse([UInt8](data))
    }

    private static func isHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else { return false }
        return scheme == "http" || scheme == "https"
    }
}
