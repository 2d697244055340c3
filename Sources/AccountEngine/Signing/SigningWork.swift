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
        let signingIndices = entries.indices.filter { if case .sign = entries[$0] { true } else { false } }
        return zip(signingIndices, requests.pairing(signatures)).map { index, pair in (index, pair.request.result(pair.signatures)) }
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
    /// `[{"done":RESULT} | {"sign":{"payload":"<64 hex>","derivationPath":"…","evm"?:ARGS,"bitcoin"?:ARGS}}, …]`:
    /// a chain transaction's payloads are computed again from its args (a BitcoinTransaction's
    /// `payload` is its first input's).
    package var storedJSON: String {
        JSONValue.array(
            entries.map { entry in
                switch entry {
                case .done(let json):
                    return .object(["done": json])
                case .sign(let request):
                    var sign = [
                        JSONObject.Member(key: "payload", value: .string(request.payloads.first?.hexString ?? "")),
                        JSONObject.Member(key: "derivationPath", value: .string(request.derivationPath)),
                    ]
                    switch request.purpose {
                    case .callChainSig: break
                    case .evmTransaction(let transaction): sign.append(.init(key: "evm", value: transaction.json))
                    case .bitcoinTransaction(let transaction): sign.append(.init(key: "bitcoin", value: transaction.json))
                    }
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
                } else if let args = value["sign"]?["bitcoin"] {
                    entries.append(.sign(SignatureRequest(bitcoin: try BitcoinTransaction(json: args), derivationPath: path)))
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
