import AccountEngine
import AsyncHTTPClient
import ChainSigner
import ChainmailTestSupport
import Foundation
import Testing

@Suite("interchangeable identities: a wallet, a passkey and an OIDC login sign with the same derived key")
struct InterchangeabilityTests {
    @Test("evm, WebAuthn and OIDC each run CallChainSig with authTarget = the OIDC identity; coincurve recovers one address")
    func sameDerivedAddress() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-auth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let provider = try await PeerOIDCProvider.make()
        let server = try await JWKSServer(serving: provider.jwksBytes, in: directory)
        defer { server.stop() }
        let settings = AuthenticationSettings.testing(
            issuers: [OIDCIssuerSettings(issuer: AuthenticationSettings.testIssuer, jwksURL: server.jwksURL)]
        )
        let fixture = try AuthFixture(settings: settings, directory: directory, httpClient: .shared)
        defer { fixture.removeFiles() }

        let oidc = try AuthIdentity(
            .oidc(issuer: AuthenticationSettings.testIssuer, clientId: AuthenticationSettings.testClientId, email: "alice@example.com")
        )
        let wallet = try await PeerWallet.make()
        let passkey = try await PeerPasskey.make()
        _ = try await fixture.engine.createAccount(id: "alice", identity: try wallet.identity)
        // 1.1 (section 4.1): both added identities consent over the AddKey's txHash, in the same call.
        let add = try await wallet.executeArgs(
            TransactionText.make("alice", nonce: 0, [TransactionText.addKey(oidc), TransactionText.addKey(try passkey.identity)])
        )
        let consents = [
            try await provider.approval(of: oidc, txHash: add.transaction.txHashHex),
            try await passkey.approval(txHash: add.transaction.txHashHex, signCount: 1),
        ]
        _ = try await fixture.engine.execute(add.with(consents: consents))

        let payload = [UInt8]((0..<32).map { _ in UInt8.random(in: 0...127) }).hexString
        // 1.1: the authTarget is inside the transaction (section 2); the login's own transaction
        // needs none, its own keys being the target's.
        func transaction(_ nonce: UInt64, authTarget: AuthIdentity? = nil) -> String {
            guard let authTarget else { return TransactionText.make("alice", nonce: nonce, [TransactionText.callChainSig(payload: payload)]) }
            return TransactionText.make("alice", nonce: nonce, authTarget: authTarget, [TransactionText.callChainSig(payload: payload)])
        }
        var results: [ExecuteResult] = []
        results.append(try await fixture.engine.execute(try await wallet.executeArgs(transaction(1, authTarget: oidc))))
        let byPasskey = try SignedTransaction(jsonText: transaction(2, authTarget: oidc))
        let assertion = try await passkey.assert(.init(txHash: byPasskey.txHashHex, signCount: 2))
        results.append(
            try await fixture.engine.execute(
                ExecuteArgs(transaction: byPasskey, authIdentity: try passkey.identity, message: "", evidence: .messageSignature(assertion))
            )
        )
        let byLogin = try SignedTransaction(jsonText: transaction(3))
        let token = try await provider.sign(PeerOIDCProvider.claims(txHash: byLogin.txHashHex))
        results.append(
            try await fixture.engine.execute(ExecuteArgs(transaction: byLogin, authIdentity: oidc, message: "", evidence: .messageSignature(token)))
        )

        let rootPublicKey = try await fixture.signer.rootPublicKey().compressed.hexString
        var addresses = Set<String>()
        for result in results {
            let signature = try #require(result.json["results"]?[0])
            #expect(signature["derivationPath"]?.string == oidc.path + ",ethereum,1")
            let check = try await PythonPeer.run(
                "check_signature.py",
                input: .object([
                    "payload": .string(payload),
                    "signature": try #require(signature["signature"]),
                    "publicKey": try #require(signature["publicKey"]),
                    "address": try #require(signature["address"]),
                    "rootPublicKey": .string(rootPublicKey),
                    "predecessor": .string("chainmail.testnet"),
                    "derivationPath": try #require(signature["derivationPath"]),
                ])
            )
            #expect(check["recoversToPublicKey"]?.bool == true)
            #expect(check["matchesDerivation"]?.bool == true)
            #expect(check["addressMatches"]?.bool == true)
            addresses.insert(try #require(signature["address"]?.string))
        }
        #expect(addresses.count == 1)
        #expect(try await fixture.store.account(id: "alice")?.nonce == 4)
    }
}
