import AccountEngine
import ChainmailTestSupport
import Foundation
import HTTPAPI
import HTTPTypes
import Testing

@Suite("every way of proving over HTTP, each checked by coincurve")
struct ProofKindsTests {
    static let issuer = "https://accounts.example.com"
    static let clientId = "chainmail-client"
    static let origin = "http://localhost:8080"
    static let token = "operator-token-for-proof-kinds-0123"
    static var authentication: AuthenticationSettings {
        AuthenticationSettings(serviceId: LiveServer.predecessor, webAuthn: WebAuthnSettings(rpId: "localhost", origins: [origin]))
    }

    @Test(
        "pynacl (Solana, NEP-413), a software passkey and a pyjwt ID token (its JWKS pushed by PUT /v1/oidc/{issuer}/keys) each execute a CallChainSig"
    )
    func everyKind() async throws {
        let ed25519 = try await PeerEd25519Wallet.make()
        let passkey = try await PeerPasskey.make(rpId: "localhost")
        let provider = try await PeerOIDCProvider.make(kid: "kid-\(UInt32.random(in: 1...UInt32.max))")
        let oidc = try AuthIdentity(.oidc(issuer: Self.issuer, clientId: Self.clientId, email: "carol@example.com"))
        try await withLiveServer(authentication: Self.authentication, settings: .testing(\.operatorToken, Self.token)) { server in
            let client = APIClient(server)
            let identities: [(String, AuthIdentity)] = [
                ("sol", try ed25519.solanaIdentity), ("near", try ed25519.nearIdentity), ("pk", try passkey.identity), ("carol", oidc),
            ]
            for (accountId, identity) in identities {
                let created = try await client.post(
                    "/v1/accounts",
                    json: #"{"accountId":"\#(accountId)","authIdentity":\#(identity.json.compactText)}"#
                )
                #expect(created.status == 201, "\(accountId): \(created.text)")
            }

            // The OIDC provider is unreachable: the operator pushes its JWKS.
            let issuerSegment = queryEncoded(Self.issuer)
            let pushed = try await client.send(
                .put,
                "/v1/oidc/\(issuerSegment)/keys",
                body: provider.jwks.compactBytes,
                headers: [.authorization: "Bearer \(Self.token)"]
            )
            #expect(pushed.status == 200, "\(pushed.text)")
            #expect(pushed.json?["kids"]?[0]?.string == provider.kid)
            #expect(pushed.json?["issuer"]?.string == Self.issuer)
            let garbage = try await client.send(
                .put,
                "/v1/oidc/\(issuerSegment)/keys",
                body: Array(#"{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}"#.utf8),
                headers: [.authorization: "Bearer \(Self.token)"]
            )
            #expect(garbage.status == 400)
            #expect(garbage.errorCode == "oidc_jwks_invalid")

            for (accountId, identity) in identities {
                let payload = TransactionText.randomPayload()
                let transaction = try StrictJSONParser().parse(
                    TransactionText.make(accountId, nonce: 0, [TransactionText.callChainSig(payload: payload, path: "ethereum,1")])
                )
                let txHash = transaction.canonicalSHA256.hexString
                let message = ApprovalLine.text(serviceId: LiveServer.predecessor, txHash: txHash)
                let (sentMessage, signature): (String, String)
                switch identity.kind {
                case .solana: (sentMessage, signature) = (message, try await ed25519.signSolana([message])[0])
                case .near:
                    (sentMessage, signature) = (
                        message, try await ed25519.signNEP413(message: message, txHash: txHash, recipient: LiveServer.predecessor)
                    )
                case .webAuthn:
                    (sentMessage, signature) = ("passkey", try await passkey.assert(.init(txHash: txHash, signCount: 1, origin: Self.origin)))
                default:
                    (sentMessage, signature) = (
                        "",
                        try await provider.sign(
                            PeerOIDCProvider.claims(
                                txHash: txHash,
                                issuer: Self.issuer,
                                audience: .string(Self.clientId),
                                email: "carol@example.com"
                            )
                        )
                    )
                }
                let args: JSONValue = .object([
                    "transaction": transaction, "authIdentity": identity.json, "message": .string(sentMessage),
                    "messageSignature": .string(signature),
                ])
                let answer = try await client.post("/v1/execute", json: args)
                #expect(answer.status == 200, "\(accountId): \(answer.text)")
                let result = try #require(answer.json?["results"]?[0], "\(accountId)")
                #expect(result["derivationPath"]?.string == "\(identity.path),ethereum,1")
                let check = try await checkWithCoincurve(result, payload: payload, server: server)
                #expect(check["recoversToPublicKey"]?.bool == true, "\(accountId)")
                #expect(check["matchesDerivation"]?.bool == true, "\(accountId)")
                #expect(check["lowS"]?.bool == true, "\(accountId)")

                // The same proof again is refused (nonce moved on) and changes nothing.
                let again = try await client.post("/v1/execute", json: args)
                #expect(again.status == 409 || again.status == 401, "\(accountId): \(again.text)")
            }
            let metrics = try await client.get("/metrics").text
            for method in ["solana", "near", "webauthn", "oidc"] {
                #expect(metrics.contains(#"chainmail_executions_total{method="\#(method)",outcome="executed"} 1"#), "\(method)")
            }
        }
    }
}
