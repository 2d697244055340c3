import AccountEngine
import ChainmailTestSupport
import Foundation

/// A DKIM key made by dkimpy's side (scripts/peers/dkim_sign_api_mail.py) and the mails it signs.
struct MailPeer: Sendable {
    let algorithm: String
    let domain: String
    let selector: String
    let privateKey: String
    /// The `NAME TXT-RDATA` line the server's static key resolver answers.
    let dnsLine: String

    static func make(domain: String = "example.com", algorithm: String = "ed25519") async throws -> MailPeer {
        let selector = "s\(UInt32.random(in: 1...UInt32.max))"
        let answer = try await PythonPeer.run(
            "dkim_sign_api_mail.py",
            input: .object([
                "mode": .string("keygen"), "algorithm": .string(algorithm), "domain": .string(domain), "selector": .string(selector),
            ])
        )
        return MailPeer(
            algorithm: algorithm,
            domain: domain,
            selector: selector,
            privateKey: answer["privateKey"]?.string ?? "",
            dnsLine: "\(answer["dnsName"]?.string ?? "") \(answer["dnsRecord"]?.string ?? "")"
        )
    }

    /// A signed mail, as raw bytes.
    func sign(from: String, to: String, subject: String, body: String, timestamp: Int? = nil) async throws -> [UInt8] {
        var members: [JSONObject.Member] = [
            .init(key: "mode", value: .string("sign")), .init(key: "algorithm", value: .string(algorithm)),
            .init(key: "privateKey", value: .string(privateKey)), .init(key: "domain", value: .string(domain)),
            .init(key: "selector", value: .string(selector)), .init(key: "from", value: .string(from)), .init(key: "to", value: .string(to)),
            .init(key: "subject", value: .string(subject)), .init(key: "body", value: .string(body)),
        ]
        if let timestamp { members.append(.init(key: "timestamp", value: .integer(UInt64(timestamp)))) }
        let answer = try await PythonPeer.run("dkim_sign_api_mail.py", input: .object(JSONObject(members)))
        guard let data = Data(base64Encoded: answer["message"]?.string ?? "") else { throw LiveServerError(description: "no message") }
        return Array(data)
    }
}

enum Identities {
    static func oidc(_ email: String) throws -> AuthIdentity {
        try AuthIdentity(.oidc(issuer: "https://accounts.example.com", clientId: "chainmail-client", email: email))
    }
}
