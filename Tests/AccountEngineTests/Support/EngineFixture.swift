import AccountEngine
import ChainSigner
import Foundation

/// A real engine on a fresh SQLite file in a temporary folder, with the local signer.
struct EngineFixture {
    let directory: URL
    let store: SQLiteAccountStore
    let signer: LocalSigner
    let engine: AccountEngine

    init(rootSecret: [UInt8]? = nil, predecessor: String = "chainmail.testnet") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteAccountStore(path: directory.appendingPathComponent("accounts.sqlite").path)
        if let rootSecret {
            signer = try LocalSigner(rootSecret: rootSecret, predecessor: predecessor)
        } else {
            signer = try LocalSigner(dataDirectory: directory.path, predecessor: predecessor)
        }
        engine = AccountEngine(store: store, signer: signer)
    }

    func removeFiles() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The account as stored, as JSON text, or "absent".
    func storedAccountText(_ accountId: String) async throws -> String {
        try await store.account(id: accountId)?.json.compactText ?? "absent"
    }
}

/// An EVM wallet living in the Python peer (eth-account): chainmail never sees its private key
/// except as the text passed to that peer.
struct PeerWallet {
    let privateKey: String
    let address: String

    var identity: AuthIdentity {
        get throws { try AuthIdentity(.pubKey("evm:" + address)) }
    }

    static func make(privateKey: String? = nil) async throws -> PeerWallet {
        var request: [JSONObject.Member] = [JSONObject.Member(key: "messages", value: .array([]))]
        if let privateKey { request.append(JSONObject.Member(key: "privateKey", value: .string(privateKey))) }
        let answer = try await PythonPeer.run("evm_sign.py", input: .object(JSONObject(request)))
        return PeerWallet(privateKey: answer["privateKey"]?.string ?? "", address: answer["address"]?.string ?? "")
    }

    func sign(_ messages: [String]) async throws -> [String] {
        let answer = try await PythonPeer.run(
            "evm_sign.py",
            input: .object(["privateKey": .string(privateKey), "messages": .array(messages.map { .string($0) })])
        )
        return answer["signatures"]?.array.compactMap(\.string) ?? []
    }

    /// ExecuteArgs for `transaction`, the message naming its txHash, signed by this wallet.
    func executeArgs(_ transaction: String, authTarget: AuthIdentity? = nil) async throws -> ExecuteArgs {
        let signed = try SignedTransaction(jsonText: transaction)
        let message = "chainmail: authorize \(signed.txHashHex)"
        let signature = try await sign([message])[0]
        return ExecuteArgs(
            transaction: signed,
            authIdentity: try identity,
            authTarget: authTarget,
            message: message,
            evidence: .messageSignature(signature)
        )
    }

    /// Several ExecuteArgs signed in one run of the peer.
    func executeArgs(_ transactions: [String]) async throws -> [ExecuteArgs] {
        let signed = try transactions.map { try SignedTransaction(jsonText: $0) }
        let messages = signed.map { "chainmail: authorize \($0.txHashHex)" }
        let signatures = try await sign(messages)
        let identity = try self.identity
        return signed.indices.map {
            ExecuteArgs(transaction: signed[$0], authIdentity: identity, message: messages[$0], evidence: .messageSignature(signatures[$0]))
        }
    }
}

enum TransactionText {
    static let payload = "c2ee0e7a2b1f5b6ad1b4b5b7a9f1d36a8f3e0f5bb9e0c6f1d2a3b4c5d6e7f809"

    static func make(_ accountId: String, nonce: UInt64, _ actions: [String]) -> String {
        #"{"accountId":"\#(accountId)","nonce":\#(nonce),"actions":[\#(actions.joined(separator: ","))]}"#
    }

    static func callChainSig(payload: String = payload, path: String = "ethereum,1", keyVersion: Int = 0) -> String {
        #"{"type":"CallChainSig","args":{"payload":"\#(payload)","keyVersion":\#(keyVersion),"path":"\#(path)"}}"#
    }

    static func addKey(_ identity: AuthIdentity) -> String { #"{"type":"AddKey","authIdentity":\#(identity.json.compactText)}"# }
    static func removeKey(_ identity: AuthIdentity) -> String { #"{"type":"RemoveKey","authIdentity":\#(identity.json.compactText)}"# }
    static let deleteAccount = #"{"type":"DeleteAccount"}"#
}
