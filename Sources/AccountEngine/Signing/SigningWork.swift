import ChainSigner
import ChainTransactions
import Foundation

/// What a transaction committed as `signing` still has to do (PROTOCOL.md section 6): its
/// results in action order, with the signatures still to be asked for in their places. Kept with
/// the transaction, so an attempt after a restart signs exactly what was committed.
public struct SigningWork: Sendable, Hashable {
    public enum Entry: Sendable, Hashable {
        /// An action that needed no signature: its result, as answered.
        case done(JSONValue)
        /// A CallChainSig or a chain transaction: the signature it asks for.
        case sign(SignatureRequest)
    }

    public let entries: [Entry]

    init(_ plan: ActionPlan) {
        entries = plan.steps.map { step in
            switch step {
            case .done(let result): .done(result.json)
            case .sign(let request): .sign(request)
            }
        }
    }

    /// The signature requests, in order.
    package var requests: [SignatureRequest] {
        entries.compactMap { entry in
            guard case .sign(let request) = entry else { return nil }
            return request
        }
    }

    /// The results of the signing actions once `signatures` (one per request, in order) are in,
    /// each with its action's place.
    func signedResults(_ signatures: [ChainSignatureResult]) -> [(offset: Int, element: ActionResult)] {
        var remaining = signatures[...]
        return entries.enumerated().compactMap { index, entry in
            guard case .sign(let request) = entry, let signature = remaining.popFirst() else { return nil }
            return (index, request.result(signature))
        }
    }

    /// Section 4's result object once `signatures` (one per request, in order) are in: the same
    /// JSON `ExecuteResult.json` answers for a transaction signed before its commit.
    func result(txHash: String, accountId: String, nonce: UInt64, signatures: [ChainSignatureResult]) -> JSONValue {
        let signed = Dictionary(uniqueKeysWithValues: signedResults(signatures).map { ($0.offset, $0.element) })
        let results: [JSONValue] = entries.enumerated().map { index, entry in
            switch entry {
            case .done(let json): json
            case .sign: signed[index]?.json ?? .null
            }
        }
        return .object(["txHash": .string(txHash), "accountId": .string(accountId), "nonce": .integer(nonce), "results": .array(results)])
    }
}

extension SigningWork {
    /// `[{"done":RESULT} | {"sign":{"payload":"<64 hex>","derivationPath":"…","evm"?:ARGS}}, …]`.
    package var storedJSON: String {
        JSONValue.array(
            entries.map { entry in
                switch entry {
                case .done(let json):
                    return .object(["done": json])
                case .sign(let request):
                    var sign = [
                        JSONObject.Member(key: "payload", value: .string(request.payload.hexString)),
                        JSONObject.Member(key: "derivationPath", value: .string(request.derivationPath)),
                    ]
                    if case .evmTransaction(let transaction) = request.purpose { sign.append(.init(key: "evm", value: transaction.json)) }
                    return .object(["sign": .object(JSONObject(sign))])
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
                if let args = value["sign"]?["evm"] {
                    entries.append(.sign(SignatureRequest(evm: try EVMTransaction(json: args), derivationPath: path)))
                } else {
                    entries.append(.sign(SignatureRequest(callChainSig: payload, derivationPath: path)))
                }
            } else {
                throw .storeUnavailable("a stored signing transaction holds an entry that cannot be read")
            }
        }
        self.entries = entries
    }
}
