import AccountEngine
import Foundation

/// An EVM wallet living in the Python peer (eth-account): chainmail never sees its private key.
struct PeerWallet: Sendable {
    let privateKey: String
    let address: String

    var identity: AuthIdentity {
        get throws { try AuthIdentity(.pubKey("evm:" + address)) }
    }

    static func make() async throws -> PeerWallet {
        let answer = try await PythonPeer.run("evm_sign.py", input: .object(["messages": .array([])]))
        return PeerWallet(privateKey: answer["privateKey"]?.string ?? "", address: answer["address"]?.string ?? "")
    }

    func sign(_ messages: [String]) async throws -> [String] {
        let answer = try await PythonPeer.run(
            "evm_sign.py",
            input: .object(["privateKey": .string(privateKey), "messages": .array(messages.map { .string($0) })])
        )
        return answer["signatures"]?.array.compactMap(\.string) ?? []
    }

    /// ExecuteArgs JSON for `transaction`, its message naming the txHash, signed by this wallet.
    func executeArgs(_ transaction: String, authTarget: AuthIdentity? = nil) async throws -> JSONValue {
        try await executeArgs([transaction], authTarget: authTarget)[0]
    }

    func executeArgs(_ transactions: [String], authTarget: AuthIdentity? = nil) async throws -> [JSONValue] {
        let parsed = try transactions.map { try StrictJSONParser().parse($0) }
        let messages = parsed.map { "chainmail: authorize \($0.canonicalSHA256.hexString)" }
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
}

enum TransactionText {
    static func make(_ accountId: String, nonce: UInt64, _ actions: [String]) -> String {
        #"{"accountId":"\#(accountId)","nonce":\#(nonce),"actions":[\#(actions.joined(separator: ","))]}"#
    }

    static func callChainSig(payload: String, path: String = "ethereum,1", keyVersion: Int = 0) -> String {
        #"{"type":"CallChainSig","args":{"payload":"\#(payload)","keyVersion":\#(keyVersion),"path":"\#(path)"}}"#
    }

    static func addKey(_ identity: AuthIdentity) -> String { #"{"type":"AddKey","authIdentity":\#(identity.json.compactText)}"# }
    static func removeKey(_ identity: AuthIdentity) -> String { #"{"type":"RemoveKey","authIdentity":\#(identity.json.compactText)}"# }
    static let deleteAccount = #"{"type":"DeleteAccount"}"#

    static func randomPayload() -> String {
        // Below the secp256k1 order: the top byte stays under 0xff.
        ([UInt8.random(in: 0...0xfe)] + (0..<31).map { _ in UInt8.random(in: 0...255) }).map { String(format: "%02x", $0) }.joined()
    }
}

/// Checks a CallChainSig result with coincurve (scripts/peers/check_signature.py).
func checkWithCoincurve(_ result: JSONValue, payload: String, server: LiveServer) async throws -> JSONValue {
    try await PythonPeer.run(
        "check_signature.py",
        input: .object([
            "payload": .string(payload),
            "signature": result["signature"] ?? .null,
            "publicKey": result["publicKey"] ?? .null,
            "address": result["address"] ?? .null,
            "rootPublicKey": .string(try await server.signer.rootPublicKey().compressed.hexString),
            "predecessor": .string(LiveServer.predecessor),
            "derivationPath": result["derivationPath"] ?? .null,
        ])
    )
}
