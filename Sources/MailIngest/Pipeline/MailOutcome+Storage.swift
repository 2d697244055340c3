import AccountEngine
import ErrorCodes
import Foundation

extension MailOutcome {
    /// The outcome as kept in the ledger (its rejection in full, the sender-proven flag included).
    package var storedJSON: String {
        var members: [JSONObject.Member] = [
            JSONObject.Member(key: "status", value: .string(status.rawValue)),
            JSONObject.Member(key: "txHash", value: txHash.map { .string($0) } ?? .null),
        ]
        if let rejection {
            members.append(
                JSONObject.Member(
                    key: "rejection",
                    value: .object([
                        "code": .string(rejection.code.name), "message": .string(rejection.message), "senderProven": .bool(rejection.senderProven),
                    ])
                )
            )
        }
        if let result { members.append(JSONObject.Member(key: "result", value: result)) }
        if let awaiting { members.append(JSONObject.Member(key: "awaiting", value: awaiting.storedJSON)) }
        if recordsRefusal { members.append(JSONObject.Member(key: "recordsRefusal", value: .bool(true))) }
        return JSONValue.object(JSONObject(members)).compactText
    }

    package init(storedJSON text: String) throws {
        let json = try StrictJSONParser().parse(Array(text.utf8))
        guard let status = json["status"]?.stringValue.flatMap(Status.init(rawValue:)) else {
            throw EngineError.storeUnavailable("a stored mail outcome has no status")
        }
        let rejection = json["rejection"].map {
            MailRejection(
                code: $0["code"]?.stringValue.flatMap(ErrorCode.named) ?? .internalError,
                message: $0["message"]?.stringValue ?? "",
                senderProven: $0["senderProven"] == .bool(true)
            )
        }
        self.init(
            status: status,
            txHash: json["txHash"]?.stringValue,
            rejection: rejection,
            result: json["result"],
            awaiting: try json["awaiting"].map { try AwaitingProofs(storedJSON: $0) },
            recordsRefusal: json["recordsRefusal"] == .bool(true)
        )
    }
}

extension AwaitingProofs {
    fileprivate var storedJSON: JSONValue {
        .object([
            "txHash": .string(txHash), "accountId": .string(accountId), "missing": .array(missing.map(\.json)),
            "authorityProven": .bool(authorityProven), "expiresAt": .number(JSONNumber(Int64(expiresAt.timeIntervalSince1970))),
        ])
    }

    fileprivate init(storedJSON json: JSONValue) throws {
        let missing = try (json["missing"]?.arrayValue ?? []).map { try AuthIdentity(json: $0) }
        self.init(
            txHash: json["txHash"]?.stringValue ?? "",
            accountId: json["accountId"]?.stringValue ?? "",
            missing: missing,
            authorityProven: json["authorityProven"] == .bool(true),
            expiresAt: Date(timeIntervalSince1970: TimeInterval(json["expiresAt"]?.compactText ?? "0") ?? 0)
        )
    }
}
