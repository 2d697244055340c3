import AccountEngine
import ChainTransactions
import Foundation
import MailIngest

/// How `chainmail replay` prints outcomes: a JSON line each and a summary object, or a table.
struct ReplayReport {
    let json: Bool
    private var executed = 0
    private var rejected = 0
    private var awaiting = 0
    private var signing = 0
    private var deferred = 0
    private var reasons: [String: Int] = [:]

    init(json: Bool) {
        self.json = json
        if !json {
            print("file".padding(toLength: 44, withPad: " ", startingAt: 0) + "status          txHash            reason")
            print(String(repeating: "-", count: 116))
        }
    }

    /// `broadcasts`: the signed transactions chainmail sent for it (`"broadcasts"` in the line).
    mutating func add(file: String, outcome: MailOutcome, broadcasts: [Broadcast] = []) {
        switch outcome.status {
        case .executed: executed += 1
        case .awaitingProofs: awaiting += 1
        case .rejected: rejected += 1
        case .signing: signing += 1
        }
        if let code = outcome.rejection?.code.name { reasons[code, default: 0] += 1 }
        if json {
            var members = [JSONObject.Member(key: "file", value: .string(file))]
            members += outcome.json.objectValue?.members ?? []
            if !broadcasts.isEmpty { members.append(.init(key: "broadcasts", value: .array(broadcasts.map(\.json)))) }
            print(JSONValue.object(JSONObject(members)).compactText)
        } else {
            let name = String((file as NSString).lastPathComponent.prefix(43)).padding(toLength: 44, withPad: " ", startingAt: 0)
            let status = outcome.status.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)
            let hash = (outcome.txHash.map { String($0.prefix(16)) + "…" } ?? "-").padding(toLength: 18, withPad: " ", startingAt: 0)
            print(name + status + hash + (outcome.rejection.map { "\($0.code): \($0.message)" } ?? ""))
        }
    }

    /// A mail left for later (`MailPipeline.process` threw): `{"file","status":"deferred","reason","message"}`.
    mutating func addDeferred(file: String, error: EngineError) {
        deferred += 1
        reasons[error.code, default: 0] += 1
        if json {
            let line: JSONValue = .object(
                JSONObject([
                    .init(key: "file", value: .string(file)), .init(key: "status", value: .string("deferred")),
                    .init(key: "reason", value: .string(error.code)), .init(key: "message", value: .string(error.message)),
                ])
            )
            print(line.compactText)
        } else {
            let name = String((file as NSString).lastPathComponent.prefix(43)).padding(toLength: 44, withPad: " ", startingAt: 0)
            print(
                name + "deferred".padding(toLength: 16, withPad: " ", startingAt: 0) + "-".padding(toLength: 18, withPad: " ", startingAt: 0)
                    + "\(error)"
            )
        }
    }

    func finish() {
        if json {
            var counts: [JSONObject.Member] = [
                .init(key: "mails", value: .integer(UInt64(executed + awaiting + rejected + deferred + signing))),
                .init(key: "executed", value: .integer(UInt64(executed))), .init(key: "awaitingProofs", value: .integer(UInt64(awaiting))),
                .init(key: "rejected", value: .integer(UInt64(rejected))), .init(key: "deferred", value: .integer(UInt64(deferred))),
            ]
            // Only a remote signer leaves a mail signing (replay signs with the local one).
            if signing > 0 { counts.append(.init(key: "signing", value: .integer(UInt64(signing)))) }
            print(JSONValue.object(["summary": .object(JSONObject(counts))]).compactText)
        } else {
            print(String(repeating: "-", count: 116))
            print(
                "\(executed + awaiting + rejected + deferred + signing) mails: \(executed) executed, \(awaiting) awaiting proofs, "
                    + "\(rejected) rejected, \(deferred) deferred" + (signing > 0 ? ", \(signing) signing" : "")
            )
        }
    }
}
