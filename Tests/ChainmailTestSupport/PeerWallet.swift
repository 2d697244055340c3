import AccountEngine
import ChainSigner

/// An EVM wallet living in the Python peer (eth-account): chainmail never sees its private key
/// except as the text passed to that peer.
public struct PeerWallet: Sendable {
    public let privateKey: String
    public let address: String

    public var identity: AuthIdentity {
        get throws { try AuthIdentity(.pubKey("evm:" + address)) }
    }

    public static func make(privateKey: String? = nil) async throws -> PeerWallet {
        var request: [JSONObject.Member] = [JSONObject.Member(key: "messages", value: .array([]))]
        if let privateKey { request.append(JSONObject.Member(key: "privateKey", value: .string(privateKey))) }
        let answer = try await PythonPeer.run("evm_sign.py", input: .object(JSONObject(request)))
        return PeerWallet(privateKey: answer["privateKey"]?.string ?? "", address: answer["address"]?.string ?? "")
    }

    public func sign(_ messages: [String]) async throws -> [String] {
        let answer = try await PythonPeer.run(
            "evm_sign.py",
            input: .object(["privateKey": .string(privateKey), "messages": .array(messages.map { .string($0) })])
        )
        return answer["signatures"]?.array.compactMap(\.string) ?? []
    }

    /// ExecuteArgs JSON for each transaction, its message the approval line of the txHash (PROTOCOL.md
    /// section 4 step 3) for `serviceId`, all signed in one run of the peer.
    public func executeArgsJSON(
        _ transactions: [String],
        authTarget: AuthIdentity? = nil,
        serviceId: String = AuthenticationSettings.defaultServiceId
    ) async throws -> [JSONValue] {
        let parsed = try transactions.map { try StrictJSONParser().parse($0) }
        let messages = parsed.map { ApprovalLine.text(serviceId: serviceId, txHash: $0.canonicalSHA256.hexString) }
        let signatures = try await sign(messages)
        let identity = try self.identity
        return parsed.indices.map { index in
            var members: [JSONObject.Member] = [
                .init(key: "transaction", value: parsed[index]),
                .init(key: "authIdentity", value: identity.json),
            ]
            if let authTarget { members.append(.init(key: "authTarget", value: authTarget.json)) }
            members += [
                .init(key: "message", value: .string(messages[index])),
                .init(key: "messageSignature", value: .string(signatures[index])),
            ]
            return .object(JSONObject(members))
        }
    }

    public func executeArgsJSON(_ transaction: String, authTarget: AuthIdentity? = nil) async throws -> JSONValue {
        try await executeArgsJSON([transaction], authTarget: authTarget)[0]
    }

    /// The same, decoded as the engine takes them.
    public func executeArgs(_ transactions: [String], authTarget: AuthIdentity? = nil) async throws -> [ExecuteArgs] {
        try await executeArgsJSON(transactions, authTarget: authTarget).map { try ExecuteArgs(json: $0) }
    }

    public func executeArgs(_ transaction: String, authTarget: AuthIdentity? = nil) async throws -> ExecuteArgs {
        try ExecuteArgs(json: try await executeArgsJSON(transaction, authTarget: authTarget))
    }
}
