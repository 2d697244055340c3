import AccountEngine

/// What became of a mail: its transaction executed, it was kept awaiting other proofs (section
/// 4.1), or it was refused with a reason.
public struct MailOutcome: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable {
        case executed
        case awaitingProofs = "awaiting_proofs"
        case rejected
        /// Committed, its signatures still asked of a remote signer: the reply waits for the end.
        case signing
    }

    public let status: Status
    /// The transaction's hash, when the mail got far enough to name one.
    public let txHash: String?
    /// For a refusal: why.
    public let rejection: MailRejection?
    /// For an execution: section 4's result object.
    public let result: JSONValue?
    /// For a transaction awaiting proofs: the identities whose consent is missing, and whether an
    /// identity of the account approved yet.
    public let awaiting: AwaitingProofs?
    /// Whether a refusal is recorded under its txHash: only when the sender is on the transaction's
    /// account, so a stranger cannot change what is said about someone else's transaction.
    public let recordsRefusal: Bool

    init(
        status: Status,
        txHash: String?,
        rejection: MailRejection?,
        result: JSONValue?,
        awaiting: AwaitingProofs? = nil,
        recordsRefusal: Bool = false
    ) {
        self.status = status
        self.txHash = txHash
        self.rejection = rejection
        self.result = result
        self.awaiting = awaiting
        self.recordsRefusal = recordsRefusal
    }

    public static func executed(_ result: ExecuteResult) -> MailOutcome {
        MailOutcome(status: .executed, txHash: result.txHash, rejection: nil, result: result.json)
    }

    public static func executed(txHash: String, resultJSON: JSONValue) -> MailOutcome {
        MailOutcome(status: .executed, txHash: txHash, rejection: nil, result: resultJSON)
    }

    public static func awaitingProofs(_ awaiting: AwaitingProofs) -> MailOutcome {
        MailOutcome(status: .awaitingProofs, txHash: awaiting.txHash, rejection: nil, result: nil, awaiting: awaiting)
    }

    public static func signing(_ signing: SigningInProgress) -> MailOutcome {
        MailOutcome(status: .signing, txHash: signing.txHash, rejection: nil, result: nil)
    }

    /// The end of a mail's transaction that was `signing`: executed, or refused for good (its nonce
    /// used, so the mail is not tried again).
    public static func settled(_ outcome: SigningOutcome) -> MailOutcome {
        switch outcome {
        case .executed(let txHash, let result): .executed(txHash: txHash, resultJSON: result)
        case .failed(let txHash, let error): .rejected(.proven(error), txHash: txHash)
        }
    }

    public static func rejected(_ rejection: MailRejection, txHash: String? = nil, recordsRefusal: Bool = false) -> MailOutcome {
        MailOutcome(status: .rejected, txHash: txHash, rejection: rejection, result: nil, recordsRefusal: recordsRefusal && txHash != nil)
    }

    /// `{"status","txHash","reason","message","results","missing"}`, as `chainmail replay` and the API
    /// print it (`missing` only while awaiting proofs).
    public var json: JSONValue {
        var members: [JSONObject.Member] = [JSONObject.Member(key: "status", value: .string(status.rawValue))]
        members.append(JSONObject.Member(key: "txHash", value: txHash.map { .string($0) } ?? .null))
        members.append(JSONObject.Member(key: "reason", value: rejection.map { .string($0.code.name) } ?? .null))
        if let rejection { members.append(JSONObject.Member(key: "message", value: .string(rejection.message))) }
        members.append(JSONObject.Member(key: "results", value: result?["results"] ?? .null))
        if let awaiting {
            members.append(JSONObject.Member(key: "missing", value: .array(awaiting.missing.map(\.json))))
            members.append(JSONObject.Member(key: "authorityProven", value: .bool(awaiting.authorityProven)))
        }
        return .object(JSONObject(members))
    }
}
