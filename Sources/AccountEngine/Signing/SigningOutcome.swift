/// How a transaction committed as `signing` ended: its signatures obtained, or refused for good
/// (its nonce stays used). Reported to `SigningSettlementObserver`s.
public enum SigningOutcome: Sendable, Hashable {
    /// Section 4's result object, as GET /v1/transactions/{txHash} answers it.
    case executed(txHash: String, result: JSONValue)
    case failed(txHash: String, error: EngineError)

    public var txHash: String {
        switch self {
        case .executed(let txHash, _), .failed(let txHash, _): txHash
        }
    }
}
