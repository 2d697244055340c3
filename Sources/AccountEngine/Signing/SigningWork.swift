import ChainSigner

/// What a transaction committed as `signing` still has to do (PROTOCOL.md section 6): its
/// results in action order, with the signatures still to be asked for in their places. Kept with
/// the transaction, so an attempt after a restart signs exactly what was committed.
public struct SigningWork: Sendable, Hashable {
    public enum Entry: Sendable, Hashable {
        /// An action that needed no signature: its result, as answered.
        case done(JSONValue)
        /// A CallChainSig: the payload and the full derivation path its signature is asked for.
        case sign(payload: [UInt8], derivationPath: String)
    }

    public let entries: [Entry]

    init(_ plan: ActionPlan) {
        entries = plan.steps.map { step in
            switch step {
            case .done(let result): .done(result.json)
            case .sign(let payload, let derivationPath): .sign(payload: payload, derivationPath: derivationPath)
            }
        }
    }

    /// The signature requests, in order.
    package var requests: [(payload: [UInt8], derivationPath: String)] {
        entries.compactMap { entry in
            guard case .sign(let payload, let derivationPath) = entry else { return nil }
            return (payload, derivationPath)
        }
    }

    /// Section 4's result object once `signatures` (one per request, in order) are in: the same
    /// JSON `ExecuteResult.json` answers for a transaction signed before its commit.
    func result(txHash: String, accountId: String, nonce: UInt64, signatures: [ChainSignatureResult]) -> JSONValue {
        var remaining = signatures[...]
        let results: [JSONValue] = entries.map { entry in
            switch entry {
            case .done(let json): return json
            case .sign: return remaining.popFirst()?.json ?? .null
            }
        }
        return .object(["txHash": .string(txHash), "accountId": .string(accountId), "nonce": .integer(nonce), "results": .array(results)])
    }
}

extension SigningWork {
    /// `[{"done":RESULT} | {"sign":{"payload":"<64 hex>","derivationPath":"…"}}, …]`.
    package var storedJSON: String {
        JSONValue.array(
            entries.map { entry in
                switch entry {
                case .done(let json): .object(["done": json])
                case .sign(let payload, let derivationPath):
                    .object(["sign": .object(["payload": .string(payload.hexString), "derivationPath": .string(derivationPath)])])
                }
            }
        ).compactText
    }

    package init(storedJSON: String) throws(EngineError) {
        guard case .array(let values) = try StrictJSONParser(maxBytes: 1 << 20, maxDepth: 64).parse(storedJSON) else {
            throw .storeUnavailable("a stored signing transaction is not a JSON array")
        }
        var entries: [Entry] = []
        for value in values {
            if let done = value["done"] {
                entries.append(.done(done))
            } else if case .string(let hex)? = value["sign"]?["payload"], let payload = [UInt8](hex: hex),
                case .string(let path)? = value["sign"]?["derivationPath"]
            {
                entries.append(.sign(payload: payload, derivationPath: path))
            } else {
                throw .storeUnavailable("a stored signing transaction holds an entry that cannot be read")
            }
        }
        self.entries = entries
    }
}
