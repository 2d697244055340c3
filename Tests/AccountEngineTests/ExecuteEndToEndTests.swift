import AccountEngine
import ChainSigner
import ChainmailTestSupport
import Foundation
import Testing

@Suite("execute end to end: a wallet outside Swift, the local signer, checks by coincurve")
struct ExecuteEndToEndTests {
    @Test("an eth-account signed CallChainSig executes, and coincurve confirms the signature and the derivation")
    func endToEnd() async throws {
        let fixture = try EngineFixture()
        defer { fixture.removeFiles() }
        let wallet = try await PeerWallet.make()
        _ = try await fixture.engine.createAccount(id: "alice", identity: try wallet.identity)

        let payload = [UInt8]((0..<32).map { _ in UInt8.random(in: 0...255) }).hexString
        let args = try await wallet.executeArgs(
            TransactionText.make("alice", nonce: 0, [TransactionText.callChainSig(payload: payload, path: "ethereum,1")])
        )
        let result = try await fixture.engine.execute(args)

        #expect(result.nonce == 1)
        #expect(result.accountId == "alice")
        #expect(result.txHash == args.transaction.txHashHex)
        let json = result.json
        let signature = try #require(json["results"]?[0])
        #expect(signature["type"]?.string == "CallChainSig")
        #expect(signature["derivationPath"]?.string == "wallet/evm:\(wallet.address),ethereum,1")
        #expect(signature["publicKey"]?.string?.utf8.count == 66)

        let check = try await PythonPeer.run(
            "check_signature.py",
            input: .object([
                "payload": .string(payload),
                "signature": try #require(signature["signature"]),
                "publicKey": try #require(signature["publicKey"]),
                "address": try #require(signature["address"]),
                "rootPublicKey": .string(try await fixture.signer.rootPublicKey().compressed.hexString),
                "predecessor": .string("chainmail.testnet"),
                "derivationPath": try #require(signature["derivationPath"]),
            ])
        )
        #expect(check["recoversToPublicKey"]?.bool == true)
        #expect(check["matchesDerivation"]?.bool == true)
        #expect(check["addressMatches"]?.bool == true)
        #expect(check["lowS"]?.bool == true)

        #expect(try await fixture.store.account(id: "alice")?.nonce == 1)
        let recorded = try #require(try await fixture.engine.executedTransaction(txHash: result.txHash))
        #expect(recorded.resultJSON == json.compactText)
        #expect(recorded.nonce == 0)
    }

    @Test("the engine reproduces the published local-signer result for the Remix wallet's proof of tx-callchainsig-alice")
    func reproducesVectors() async throws {
        let kdf = try TestVectors.load("near-kdf.json")
        let vector = try #require(kdf["localSigner"]?["cases"]?.array.first { $0["name"]?.string == "evm-remix-0" })
        let personalSign = try #require(try TestVectors.load("evm-personal-sign.json")["cases"]?[0])
        let transactionVector = try #require(
            try TestVectors.load("jcs-txhash.json")["transactions"]?.array.first { $0["id"]?.string == "tx-callchainsig-alice" }
        )
        let fixture = try EngineFixture(rootSecret: try #require([UInt8](hex: try #require(vector["rootSecret"]?.string))))
        defer { fixture.removeFiles() }
        #expect(try await fixture.signer.rootPublicKey().compressed.hexString == vector["rootPublicKeyCompressed"]?.string)

        // The vector transaction has nonce 5: bring the account there with five signed transactions.
        let wallet = try await PeerWallet.make(privateKey: try #require(personalSign["privateKey"]?.string))
        _ = try await fixture.engine.createAccount(id: "alice", identity: try wallet.identity)
        let warmUp = (0..<5).map { TransactionText.make("alice", nonce: UInt64($0), [TransactionText.callChainSig(path: "warm-up,\($0)")]) }
        for args in try await wallet.executeArgs(warmUp) { _ = try await fixture.engine.execute(args) }

        let args = ExecuteArgs(
            transaction: try SignedTransaction(jsonText: try #require(transactionVector["inputText"]?.string)),
            authIdentity: try AuthIdentity(json: try #require(personalSign["identity"])),
            message: try #require(personalSign["message"]?.string),
            evidence: .messageSignature(try #require(personalSign["signature"]?.string))
        )
        #expect(args.transaction.txHashHex == transactionVector["txHash"]?.string)
        let result = try await fixture.engine.execute(args)
        #expect(result.nonce == 6)
        #expect(result.results.count == 1)
        #expect(result.results[0].json.canonicalText == vector["result"]?.canonicalText)
    }

    @Test("CallChainSig signs for authTarget's path, and AddKey/RemoveKey change the identities in order")
    func authTargetAndKeyChanges() async throws {
        let fixture = try AuthFixture()
        defer { fixture.removeFiles() }
        let wallet = try await PeerWallet.make()
        let provider = try await PeerOIDCProvider.make()
        try await fixture.oidcKeys.importJWKS(provider.jwksBytes, issuer: AuthenticationSettings.testIssuer)
        let oidc = try AuthIdentity(.oidc(issuer: "https://issuer.chainmail.test", clientId: "chainmail-client", email: "alice@example.com"))
        _ = try await fixture.engine.createAccount(id: "alice", identity: try wallet.identity)

        // 1.1 (section 4.1): the OIDC identity consents to being added, with an ID token for the txHash.
        let add = try await wallet.executeArgs(TransactionText.make("alice", nonce: 0, [TransactionText.addKey(oidc)]))
        let consent = try await provider.approval(of: oidc, txHash: add.transaction.txHashHex)
        let added = try await fixture.engine.execute(add.with(consents: [consent]))
        #expect(added.results == [.addKey(oidc)])
        #expect(try await fixture.store.account(id: "alice")?.authIdentities == [try wallet.identity, oidc])

        // 1.1: the authTarget is inside the transaction, so the wallet's signature covers it.
        let sign = try await wallet.executeArgs(
            TransactionText.make(
                "alice",
                nonce: 1,
                authTarget: oidc,
                [TransactionText.callChainSig(path: "bitcoin,0"), TransactionText.removeKey(oidc)]
            )
        )
        let signed = try await fixture.engine.execute(sign)
        guard case .callChainSig(let chainSignature) = signed.results.first else {
            Issue.record("no CallChainSig result")
            return
        }
        #expect(chainSignature.derivationPath == "oidc/https://issuer.chainmail.test/chainmail-client/alice@example.com,bitcoin,0")
        let derivation = try await fixture.engine.derive(identity: oidc, path: "bitcoin,0")
        #expect(derivation.publicKey == chainSignature.publicKey)
        #expect(try await fixture.store.account(id: "alice")?.authIdentities == [try wallet.identity])
        #expect(try await fixture.engine.accounts(holding: oidc).isEmpty)
    }

    @Test("an email already verified by DKIM (a package-only proof) authorises its OIDC identity, and only for its txHash")
    func verifiedEmail() async throws {
        let fixture = try EngineFixture()
        defer { fixture.removeFiles() }
        let oidc = try AuthIdentity(.oidc(issuer: "https://issuer.chainmail.test", clientId: "chainmail-client", email: "alice@example.com"))
        _ = try await fixture.engine.createAccount(id: "alice", identity: oidc)
        let transaction = try SignedTransaction(jsonText: TransactionText.make("alice", nonce: 0, [TransactionText.callChainSig()]))

        func args(from: String, txHash: [UInt8]) throws -> ExecuteArgs {
            let email = try VerifiedEmail(fromAddress: from, txHash: txHash, dkimDomain: "example.com", dkimSignature: "b", verifiedAt: Date())
            return ExecuteArgs(
                transaction: transaction,
                authIdentity: oidc,
                message: "Subject: \(transaction.txHashHex)",
                evidence: .verifiedEmail(email)
            )
        }
        let wrongSender = await #expect(throws: EngineError.self) {
            try await fixture.engine.execute(try args(from: "mallory@example.com", txHash: transaction.txHash))
        }
        #expect(wrongSender?.code == "invalid_signature")
        let wrongHash = await #expect(throws: EngineError.self) {
            try await fixture.engine.execute(try args(from: "alice@example.com", txHash: [UInt8](repeating: 0, count: 32)))
        }
        #expect(wrongHash?.code == "invalid_signature")
        let result = try await fixture.engine.execute(try args(from: " Alice@Example.com", txHash: transaction.txHash))
        #expect(result.nonce == 1)
    }
}
