import AccountEngine

/// What became of a mail: its transaction executed, or it was refused with a reason.
public struct MailOutcome: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable {
        case executed
        case rejected
    }

    public let status: Status
    /// The transaction's hash, when the mail got far enough to name one.
    public let txHash: String?
    /// For a refusal: why.
    public let rejection: MailRejection?
    /// For an execution: section 4's result object.
    public let result: JSONValue?

    public static func executed(_ result: ExecuteResult) -> MailOutcome {
        MailOutcome(status: .executed, txHash: result.txHash, rejection: nil, result: result.json)
    }

    public static func executed(txHash: String, resultJSON: JSONValue) -> MailOutcome {
        MailOutcome(status: .executed, txHash: txHash, rejection: nil, result: resultJSON)
    }

    public static func rejected(_ rejection: MailRejection, txHash: String? = nil) -> MailOutcome {
        MailOutcome(status: .rejected, txHash: txHash, rejection: rejection, result: nil)
    }

    /// `{"status","txHash","reason","message","results"}`, as `chainmail replay` and the API print it.
    public var json: JSONValue {
        var members: [JSONObject.Member] = [JSONObject.Member(key: "status", value: .string(status.rawValue))]
        members.append(JSONObject.Member(key: "txHash", value: txHash.map { .string($0) } ?? .null))
        members.append(JSONObject.Member(key: "reason", value: rejection.map { .string($0.code) } ?? .null))
        if let rejection { members.append(JSONObject.Member(key: "message", value: .string(rejection.message))) }
        members.append(JSONObject.Member(key: "results", value: result?["results"] ?? .null))
        return .object(JSONObject(members))
    }
}
