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
        _ = try await fixture.engine.execute(
            try await wallet.executeArgs(
                TransactionText.make("alice", nonce: 0, [TransactionText.addKey(oidc), TransactionText.addKey(try passkey.identity)])
            )
        )

        let payload = [UInt8]((0..<32).map { _ in UInt8.random(in: 0...127) }).hexString
        func transaction(_ nonce: UInt64) throws -> SignedTransaction {
            try SignedTransaction(jsonText: TransactionText.make("alice", nonce: nonce, [TransactionText.callChainSig(payload: payload)]))
        }
        var results: [ExecuteResult] = []
        results.append(
            try await fixture.engine.execute(
                try await wallet.executeArgs(
                    TransactionText.make("alice", nonce: 1, [TransactionText.callChainSig(payload: payload)]),
                    authTarget: oidc
                )
            )
        )
        let byPasskey = try transaction(2)
        let assertion = try await passkey.assert(.init(txHash: byPasskey.txHashHex, signCount: 1))
        results.append(
            try await fixture.engine.execute(
                ExecuteArgs(
                    transaction: byPasskey,
                    authIdentity: try passkey.identity,
                    authTarget: oidc,
                    message: "",
                    evidence: .messageSignature(assertion)
                )
            )
        )
        let byLogin = try transaction(3)
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
