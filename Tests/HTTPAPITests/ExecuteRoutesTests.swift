import AccountEngine
import ChainmailTestSupport
import Foundation
import HTTPAPI
import Testing

@Suite("POST /v1/execute and POST /sign-near-transaction: eth-account proofs, coincurve checks")
struct ExecuteRoutesTests {
    @Test("an eth-account signed CallChainSig executes over HTTP; coincurve recovers the key NEAR's derivation gives; GET /v1/derive agrees")
    func walletExecutes() async throws {
        let wallet = try await PeerWallet.make()
        try await withLiveServer { server in
            let client = APIClient(server)
            let identity = try wallet.identity
            #expect(try await client.post("/v1/accounts", json: #"{"accountId":"w1","authIdentity":\#(identity.json.compactText)}"#).status == 201)

            let payload = TransactionText.randomPayload()
            let args = try await wallet.executeArgsJSON(TransactionText.make("w1", nonce: 0, [TransactionText.callChainSig(payload: payload)]))
            let answer = try await client.post("/v1/execute", json: args)
            #expect(answer.status == 200, "\(answer.text)")
            let result = try #require(answer.json)
            #expect(result["nonce"]?.uint == 1)
            #expect(result["txHash"]?.string == args["transaction"]?.canonicalSHA256.hexString)
            let signature = try #require(result["results"]?[0])
            let check = try await checkWithCoincurve(signature, payload: payload, server: server)
            #expect(check["recoversToPublicKey"]?.bool == true)
            #expect(check["matchesDerivation"]?.bool == true)
            #expect(check["addressMatches"]?.bool == true)
            #expect(check["lowS"]?.bool == true)

            let derived = try #require(
                try await client.get("/v1/derive?identity=\(queryEncoded(identity.json.compactText))&path=\(queryEncoded("ethereum,1"))").json
            )
            #expect(derived["publicKey"] == signature["publicKey"])
            #expect(derived["evmAddress"] == signature["address"])
            #expect(derived["derivationPath"] == signature["derivationPath"])
            #expect(derived["btcAddress"]?.string?.hasPrefix("bc1q") == true)

            let status = try #require(try await client.get("/v1/transactions/\(result["txHash"]?.string ?? "")").json)
            #expect(status["status"]?.string == "executed")
            #expect(status["result"]?.canonicalText == result.canonicalText)

            // The same proof again: the nonce has moved on (409) and the account is unchanged.
            let before = try await server.storedAccountsText(["w1"])
            let replay = try await client.post("/v1/execute", json: args)
            #expect(replay.status == 409)
            #expect(replay.errorCode == "nonce_mismatch")
            #expect(try await server.storedAccountsText(["w1"]) == before)

            let metrics = try await client.get("/metrics").text
            #expect(metrics.contains(#"chainmail_executions_total{method="evm",outcome="executed"} 1"#))
            #expect(metrics.contains(#"chainmail_executions_total{method="evm",outcome="nonce_mismatch"} 1"#))
            #expect(metrics.contains(#"chainmail_http_request_duration_seconds_bucket{method="POST",route="/v1/execute",status="200""#))
        }
    }

    @Test("refused proofs: wrong signer 401, message without txHash 401, unknown account 404, wrong keyVersion 422; state untouched")
    func refusals() async throws {
        let wallet = try await PeerWallet.make()
        let other = try await PeerWallet.make()
        try await withLiveServer { server in
            let client = APIClient(server)
            _ = try await client.post("/v1/accounts", json: #"{"accountId":"w1","authIdentity":\#(try wallet.identity.json.compactText)}"#)
            let before = try await server.storedAccountsText(["w1", "nobody"])

            let transaction = TransactionText.make("w1", nonce: 0, [TransactionText.callChainSig(payload: TransactionText.randomPayload())])
            var impostor = try await other.executeArgsJSON(transaction)
            impostor = Self.replacing("authIdentity", with: try wallet.identity.json, in: impostor)
            let wrongSigner = try await client.post("/v1/execute", json: impostor)
            #expect(wrongSigner.status == 401)
            #expect(wrongSigner.errorCode == "invalid_signature")

            let signed = try await wallet.executeArgsJSON(transaction)
            let otherMessage = Self.replacing("message", with: .string("hello"), in: signed)
            #expect(try await client.post("/v1/execute", json: otherMessage).errorCode == "message_not_an_approval")

            let nobody = try await wallet.executeArgsJSON(TransactionText.make("nobody", nonce: 0, [TransactionText.deleteAccount]))
            let missing = try await client.post("/v1/execute", json: nobody)
            #expect(missing.status == 404)
            #expect(missing.errorCode == "account_not_found")

            let version = try await wallet.executeArgsJSON(
                TransactionText.make("w1", nonce: 0, [TransactionText.callChainSig(payload: TransactionText.randomPayload(), keyVersion: 1)])
            )
            let refused = try await client.post("/v1/execute", json: version)
            #expect(refused.status == 422)
            #expect(refused.errorCode == "unsupported_key_version")

            let unknownMember = Self.replacing("extra", with: .bool(true), in: signed)
            #expect(try await client.post("/v1/execute", json: unknownMember).errorCode == "invalid_request")
            #expect(try await client.post("/v1/execute", json: #"{"transaction":1}"#).status == 400)
            #expect(try await client.post("/v1/execute", json: "\u{FEFF}{}").errorCode == "malformed_json")
            #expect(try await client.send(.post, "/v1/execute", body: [0x7B, 0xFF, 0x7D]).errorCode == "malformed_json")

            #expect(try await server.storedAccountsText(["w1", "nobody"]) == before)
        }
    }

    @Test("the relayer route runs ExecuteArgs only for the configured service account (422 receiver_mismatch otherwise)")
    func relayer() async throws {
        let wallet = try await PeerWallet.make()
        try await withLiveServer(settings: .testing(\.serviceAccountId, "relay.chainmail.testnet")) { server in
            let client = APIClient(server)
            _ = try await client.post("/v1/accounts", json: #"{"accountId":"w1","authIdentity":\#(try wallet.identity.json.compactText)}"#)
            let payload = TransactionText.randomPayload()
            let args = try await wallet.executeArgsJSON(TransactionText.make("w1", nonce: 0, [TransactionText.callChainSig(payload: payload)]))

            let wrong = try await client.post(
                "/sign-near-transaction",
                json: .object(["receiver_id": .string("chainmail.testnet"), "execute_args": args])
            )
            #expect(wrong.status == 422)
            #expect(wrong.errorCode == "receiver_mismatch")
            #expect(try await server.store.account(id: "w1")?.nonce == 0)
            let missing = try await client.post("/sign-near-transaction", json: .object(["execute_args": args]))
            #expect(missing.status == 400)

            let answer = try await client.post(
                "/sign-near-transaction",
                json: .object(["receiver_id": .string("relay.chainmail.testnet"), "execute_args": args])
            )
            #expect(answer.status == 200, "\(answer.text)")
            let signature = try #require(answer.json?["results"]?[0])
            let check = try await checkWithCoincurve(signature, payload: payload, server: server)
            #expect(check["recoversToPublicKey"]?.bool == true)
            #expect(check["matchesDerivation"]?.bool == true)
        }
    }

    static func replacing(_ key: String, with value: JSONValue, in json: JSONValue) -> JSONValue {
        var members = json.objectValue?.members.filter { $0.key != key } ?? []
        members.append(JSONObject.Member(key: key, value: value))
        return .object(JSONObject(members))
    }
}
