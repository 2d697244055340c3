import AccountEngine
import ChainmailTestSupport
import Foundation
import Testing

/// Proofs of PROTOCOL.md section 4.1 made by the eth-account peer, and the bodies that carry them.
extension PeerWallet {
    /// A PROOF `{"authIdentity","message","messageSignature"}`: the wallet signs `message`, by default
    /// the approval line of `txHash` for the server's service id.
    func proof(txHash: String, message: String? = nil, serviceId: String = AuthenticationSettings.defaultServiceId) async throws -> JSONValue {
        let text = message ?? ApprovalLine.text(serviceId: serviceId, txHash: txHash)
        let signature = try #require(try await sign([text]).first)
        return .object([
            "authIdentity": try identity.json, "message": .string(text), "messageSignature": .string(signature),
        ])
    }

    /// PROOFs over each message, signed in one run of the peer.
    func proofs(_ messages: [String]) async throws -> [JSONValue] {
        let signatures = try await sign(messages)
        try #require(signatures.count == messages.count)
        let identity = try identity.json
        return zip(messages, signatures).map { message, signature in
            .object(["authIdentity": identity, "message": .string(message), "messageSignature": .string(signature)])
        }
    }

    /// ExecuteArgs signed by this wallet, with `consents` (PROOFs) when given.
    func executeArgsJSON(_ transaction: String, consents: [JSONValue]) async throws -> JSONValue {
        let args = try await executeArgsJSON(transaction)
        return .object(JSONObject((args.objectValue?.members ?? []) + [JSONObject.Member(key: "consents", value: .array(consents))]))
    }
}

/// Transaction text helpers of the consent tests.
enum ConsentText {
    /// txHash of a transaction as sent (section 3).
    static func txHash(_ transaction: String) throws -> String {
        try StrictJSONParser().parse(transaction).canonicalSHA256.hexString
    }

    /// The approval line a wallet signs (section 4 step 3), for the default service id.
    static func line(_ txHash: String) -> String {
        ApprovalLine.text(serviceId: AuthenticationSettings.defaultServiceId, txHash: txHash)
    }

    /// ExecuteArgs from the authority's PROOF, with the transaction, `authTarget` and consents.
    static func executeArgs(
        _ transaction: String,
        authority: JSONValue,
        authTarget: AuthIdentity? = nil,
        consents: [JSONValue] = []
    ) throws
        -> JSONValue
    {
        var members = [JSONObject.Member(key: "transaction", value: try StrictJSONParser().parse(transaction))]
        members += authority.objectValue?.members ?? []
        if let authTarget { members.append(JSONObject.Member(key: "authTarget", value: authTarget.json)) }
        if !consents.isEmpty { members.append(JSONObject.Member(key: "consents", value: .array(consents))) }
        return .object(JSONObject(members))
    }

    /// A transaction with `authTarget` inside it (section 2).
    static func make(_ accountId: String, nonce: UInt64, authTarget: AuthIdentity, _ actions: [String]) -> String {
        #"{"accountId":"\#(accountId)","nonce":\#(nonce),"authTarget":\#(authTarget.json.compactText),"actions":[\#(actions.joined(separator: ","))]}"#
    }

    /// A mail body holding `content` (a transaction, or the envelope `{"transaction","consents"}`)
    /// between the block's lines (section 5).
    static func mailBody(_ content: String, before: String = "Please run this.\n\n") -> String {
        before + "-----BEGIN CHAINMAIL TRANSACTION-----\n\(content)\n-----END CHAINMAIL TRANSACTION-----\n"
    }

    /// The canonical texts of a JSON array of identities, for comparisons.
    static func identities(_ value: JSONValue?) -> [String] {
        (value?.array ?? []).map(\.canonicalText)
    }
}

extension APIClient {
    /// POST /v1/email with the raw message.
    func postEmail(_ raw: [UInt8]) async throws -> APIAnswer {
        try await send(.post, "/v1/email", body: raw, contentType: "message/rfc822")
    }

    /// POST /v1/accounts holding one identity; fails the test unless it answers 201.
    func createAccount(_ accountId: String, _ identity: AuthIdentity) async throws {
        let answer = try await post("/v1/accounts", json: #"{"accountId":"\#(accountId)","authIdentity":\#(identity.json.compactText)}"#)
        try #require(answer.status == 201, "\(answer.text)")
    }

    /// The account as GET /v1/accounts/{accountId} answers it.
    func account(_ accountId: String) async throws -> JSONValue {
        try #require(try await get("/v1/accounts/\(accountId)").json)
    }
}
