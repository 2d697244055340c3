import ChainTransactions
import Foundation

/// A fixture folder's `chains.json` (DESIGN.md, `replay` and `summary --chains`):
/// `{"evm":[{chainId,name,symbol,decimals,rpcURL?,explorerURL?}],"tokenLists":[<token list JSON>]}`,
/// the token lists inline. The chains join the built-in ones as the configuration's do.
enum ChainsFile {
    static let maximumBytes = 16 << 20

    static func registry(path: String) throws -> ChainRegistry {
        guard let data = FileManager.default.contents(atPath: path) else { throw ConfigurationError("cannot read \(path)") }
        guard data.count <= maximumBytes else { throw ConfigurationError("\(path) is larger than \(maximumBytes) bytes") }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ConfigurationError("\(path) is not a JSON object")
        }
        let unknown = Set(object.keys).subtracting(["evm", "tokenLists"])
        guard unknown.isEmpty else { throw ConfigurationError("\(path): unknown members \(unknown.sorted()) (accepted: evm, tokenLists)") }
        var chains: [EVMChain] = []
        for (index, entry) in ((object["evm"] as? [[String: Any]]) ?? []).enumerated() {
            guard let chainId = (entry["chainId"] as? NSNumber)?.uint64Value, let name = entry["name"] as? String,
                let symbol = entry["symbol"] as? String, let decimals = (entry["decimals"] as? NSNumber)?.intValue
            else { throw ConfigurationError("\(path): evm[\(index)] needs chainId, name, symbol and decimals") }
            chains.append(
                EVMChain(
                    chainId: chainId,
                    name: name,
                    symbol: symbol,
                    decimals: decimals,
                    rpcURL: entry["rpcURL"] as? String,
                    explorerURL: entry["explorerURL"] as? String
                )
            )
        }
        var tokens: [TokenInfo] = []
        for list in (object["tokenLists"] as? [Any]) ?? [] {
            tokens += try TokenList.parse([UInt8](try JSONSerialization.data(withJSONObject: list)))
        }
        return ChainRegistry(evm: chains, tokens: tokens)
    }
}
