import AccountEngine
import ArgumentParser
import Foundation

/// `chainmail audit`: identities an operator should review after upgrading to protocol 1.1.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "List identities added without consent, and identities whose paths may collide.",
        discussion: """
            Before protocol 1.1, AddKey needed only the proof of an identity already on the account, so \
            anyone could put someone else's identity on their own account and sign with its keys. Every \
            identity an executed AddKey added without a recorded consent is listed (consents are recorded \
            from 1.1 on), and every stored identity that breaks the 1.1 path rules (an OIDC issuer that is \
            not https:// or holds a comma, a clientId or email local part holding "/" or ","). Review each \
            with the account's owner; remove the ones they did not add (RemoveKey). Exits 1 when anything \
            is listed.
            """
    )

    @OptionGroup var options: DataDirectoryOptions

    @Flag(help: #"One JSON object a line: {"accountId","identity","problem","txHash"?,"executedAt"?}."#)
    var json = false

    func run() async throws {
        var findings: [IdentityAuditFinding] = []
        try await reportingErrors(json: json) {
            findings = try await options.withStore { store in try await store.auditIdentities() }
        }
        for finding in findings {
            if json {
                printJSON(finding.json)
            } else {
                print(finding.line)
            }
        }
        if !json { print("\(findings.count) identit\(findings.count == 1 ? "y" : "ies") to review") }
        if !findings.isEmpty { throw ExitCode(1) }
    }
}

extension IdentityAuditFinding {
    fileprivate var json: JSONValue {
        var members: [JSONObject.Member] = [
            .init(key: "accountId", value: .string(accountId)), .init(key: "identity", value: identity.json),
        ]
        switch problem {
        case .addedWithoutConsent(let txHash, let executedAt):
            members.append(.init(key: "problem", value: .string("added_without_consent")))
            members.append(.init(key: "txHash", value: .string(txHash)))
            members.append(.init(key: "executedAt", value: .integer(UInt64(max(0, executedAt.timeIntervalSince1970)))))
        case .breaksPathRules:
            members.append(.init(key: "problem", value: .string("breaks_path_rules")))
        }
        return .object(JSONObject(members))
    }

    fileprivate var line: String {
        switch problem {
        case .addedWithoutConsent(let txHash, let executedAt):
            "\(accountId): \(identity) added without consent by \(txHash) at \(ISO8601DateFormatter().string(from: executedAt))"
        case .breaksPathRules:
            "\(accountId): \(identity) breaks the path rules of protocol 1.1"
        }
    }
}
