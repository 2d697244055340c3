import Foundation

/// The token-list JSON format of tokenlists.org:
/// `{"name": …, "tokens": [{"chainId", "address", "symbol", "name", "decimals"}, …], …}`.
///
/// Only `tokens` and the five members of each token are read; other members (version, logoURI,
/// tags, extensions) are ignored. Every problem is `chain_list_invalid` with what and where.
public enum TokenList {
    /// The largest token-list file accepted, 10 MiB.
    public static let maximumBytes = 10 << 20

    /// The most tokens in one list.
    public static let maximumTokens = 100_000

    /// The most decimals a token may declare: 10^77 is the largest power of ten below 2^256.
    public static let maximumDecimals = 77

    /// The tokens of a token-list file, in file order.
    public static func parse(_ data: [UInt8]) throws(ChainTransactionError) -> [TokenInfo] {
        try parse(data, maximumBytes: maximumBytes, maximumTokens: maximumTokens)
    }

    /// `parse(_:)` with other bounds, for tests.
    static func parse(_ data: [UInt8], maximumBytes: Int, maximumTokens: Int) throws(ChainTransactionError) -> [TokenInfo] {
        guard data.count <= maximumBytes else {
            throw invalid("a token list is at most \(maximumBytes) bytes, this one is \(data.count)")
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(data))
        } catch let error as DecodingError {
            throw invalid(describe(error))
        } catch {
            throw invalid("a token list is JSON: \(error)")
        }
        guard file.tokens.count <= maximumTokens else {
            throw invalid("a token list has at most \(maximumTokens) tokens, this one has \(file.tokens.count)")
        }
        var tokens: [TokenInfo] = []
        tokens.reserveCapacity(file.tokens.count)
        for (index, entry) in file.tokens.enumerated() {
            tokens.append(try entry.tokenInfo(index: index))
        }
        return tokens
    }

    static func invalid(_ message: String) -> ChainTransactionError {
        ChainTransactionError(code: .chainListInvalid, message: "token list: \(message)")
    }

    /// Where a decoding error happened (`tokens[3].decimals`) and what was wrong, in words.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
            return text.isEmpty ? "the top level" : String(text.drop(while: { $0 == "." }))
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type)), found null"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is missing"
        case .dataCorrupted(let context):
            let detail = String(context.debugDescription.prefix(200))
            return context.codingPath.isEmpty ? "not valid JSON: \(detail)" : "\(path(context.codingPath)): \(detail)"
        @unknown default:
            return "not a token list"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is UInt64.Type, is Int.Type: "an integer"
        case is [Entry].Type: "an array of tokens"
        default: "an object"
        }
    }

    /// The file as decoded: only the members read.
    struct File: Decodable {
        var tokens: [Entry]
    }

    /// One token as the file writes it.
    struct Entry: Decodable {
        var chainId: UInt64
        var address: String
        var symbol: String
        var name: String
        var decimals: Int

        private enum CodingKeys: String, CodingKey {
            case chainId, address, symbol, name, decimals
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            chainId = try Self.integer(UInt64.self, .chainId, in: container)
            address = try container.decode(String.self, forKey: .address)
            symbol = try container.decode(String.self, forKey: .symbol)
            name = try container.decode(String.self, forKey: .name)
            decimals = try Self.integer(Int.self, .decimals, in: container)
        }

        /// An integer member; a fraction, or a number out of the type's range, named as such rather than
        /// as the decoder's generic "not valid JSON".
        private static func integer<T: Decodable & FixedWidthInteger>(
            _ type: T.Type,
            _ key: CodingKeys,
            in container: KeyedDecodingContainer<CodingKeys>
        ) throws -> T {
            do {
                return try container.decode(T.self, forKey: key)
            } catch let error as DecodingError {
                guard case .dataCorrupted = error else { throw error }
                throw notAnInteger(key, in: container)
            } catch {
                // Foundation reports a fraction or an out-of-range number with an error of its own.
                throw notAnInteger(key, in: container)
            }
        }

        private static func notAnInteger(_ key: CodingKeys, in container: KeyedDecodingContainer<CodingKeys>) -> DecodingError {
            let number = (try? container.decode(Double.self, forKey: key)).map { " \($0)" } ?? ""
            return DecodingError.dataCorruptedError(
                forKey: key,
                in: container,
                debugDescription: "expected an integer in range, got the number\(number)"
            )
        }

        func tokenInfo(index: Int) throws(ChainTransactionError) -> TokenInfo {
            guard chainId >= 1, chainId < EVMTransaction.integerLimit else {
                throw TokenList.invalid("tokens[\(index)].chainId is from 1 to 2^53 − 1")
            }
            guard (0...TokenList.maximumDecimals).contains(decimals) else {
                throw TokenList.invalid("tokens[\(index)].decimals is from 0 to \(TokenList.maximumDecimals)")
            }
            guard !symbol.isEmpty else {
                throw TokenList.invalid("tokens[\(index)].symbol is not empty")
            }
            let parsed: EVMAddress
            do {
                parsed = try EVMAddress(address)
            } catch {
                throw TokenList.invalid("tokens[\(index)].address: \(error.message)")
            }
            return TokenInfo(chainId: chainId, address: parsed, symbol: symbol, name: name, decimals: decimals)
        }
    }
}
