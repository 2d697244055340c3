import ChainTransactions
import Foundation

/// A fixture folder's `chains.json` (DESIGN.md, `replay` and `summary --chains`):
/// `{"evm":[{chainId,name,symbol,decimals,rpcURL?,explorerURL?}],"tokenLists":[<token list JSON>]}`,
/// the token lists inline. The chains join the built-in ones, and are checked, as the configuration's are.
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
        let entries: [ChainsSection.EVMChainEntry]
        do {
            entries = try JSONDecoder().decode(Chains.self, from: data).evm ?? []
        } catch {
            throw ConfigurationError("\(path): evm: each chain needs chainId, name, symbol and decimals (\(error))")
        }
        let problems = ChainsSection.problems(of: entries, setting: "evm")
        guard problems.isEmpty else { throw ConfigurationError("\(path): " + problems.joined(separator: "; ")) }
        var tokens: [TokenInfo] = []
        for list in (object["tokenLists"] as? [Any]) ?? [] {
            tokens += try TokenList.parse([UInt8](try JSONSerialization.data(withJSONObject: list)))
        }
        return ChainsSection.registry(entries, tokens: tokens)
    }

    /// The chains of the file; its token lists are read as JSON values, each a whole token list.
    private struct Chains: Decodable {
        var evm: [ChainsSection.EVMChainEntry]?
    }
}
