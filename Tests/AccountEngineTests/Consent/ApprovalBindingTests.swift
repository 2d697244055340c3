import AccountEngine
import ChainSigner
import ChainmailTestSupport
import ErrorCodes
import Foundation
import Testing

/// Version 1.1's bindings: an approval cannot be mistaken for another text, a proof covers the
/// signing target, no two identities share a path, and a passkey is one identity whatever its keyId.
@Suite("approvals bound to what they approve: approval line, authTarget in the transaction, one path per identity, one passkey")
struct ApprovalBindingTests {
    @Test("a sign-in message holding the txHash is no approval (message_not_an_approval); the approval line with a summary is")
    func signInMessage() async throws {
        let fixture = try await ConsentFixture.make()
        defer { fixture.removeFiles() }
        let wallet = try await PeerWallet.make()
        let solana = try await PeerEd25519Wallet.make()
        _ = try await fixture.engine.createAccount(id: "alice", identities: [try wallet.identity, try solana.solanaIdentity])
        let transaction = try SignedTransaction(jsonText: TransactionText.make("alice", nonce: 0, [TransactionText.callChainSig()]))
        let txHash = transaction.txHashHex
        let line = ApprovalLine.text(serviceId: AuthenticationSettings.defaultServiceId, txHash: txHash)
        let signIn = """
            app.example wants you to sign in with your Ethereum account:
            \(wallet.address)

            URI: https://app.example
            Version: 1
            Chain ID: 1
            Nonce: \(txHash.uppercased())
            Issued At: 2026-01-01T00:00:00Z
            """
        let refusedTexts = [
            signIn,
            signIn.replacingOccurrences(of: txHash.uppercased(), with: txHash),
            txHash,
            "Sign in\n\n" + line,
            line + " ",
            line + "\nsummary without a blank line",
            line.uppercased(),
            ApprovalLine.text(serviceId: "other.testnet", txHash: txHash),
        ]
        let accepted = line + "\n\nCallChainSig ethereum,1: blind signature"
        let signatures = try await wallet.sign(refusedTexts + [accepted])
        for (text, signature) in zip(refusedTexts, signatures) {
            let args = ExecuteArgs(transaction: transaction, authIdentity: try wallet.identity, message: text, evidence: .messageSignature(signature))
            #expect(await EngineError.code { try await fixture.engine.submit(args) } == "message_not_an_approval", "\(text)")
        }
        let solanaSignIn = try await solana.signSolana([signIn])[0]
        let solanaArgs = ExecuteArgs(
            transaction: transaction,
            authIdentity: try solana.solanaIdentity,
            message: signIn,
            evidence: .messageSignature(solanaSignIn)
        )
        #expect(await EngineError.code { try await fixture.engine.submit(solanaArgs) } == "message_not_an_approval")
        #expect(try await fixture.nonce("alice") == 0)
        #expect(try await fixture.engine.pendingTransaction(txHash: txHash) == nil)

        let args = ExecuteArgs(
            transaction: transaction,
            authIdentity: try wallet.identity,
            message: accepted,
            evidence: .messageSignature(try #require(signatures.last))
        )
        #expect(try await fixture.engine.submit(args).executed?.nonce == 1)
    }

    @Test("a relay resubmitting a user's ExecuteArgs with another authTarget is refused (auth_target_not_signed); the user's nonce is untouched")
    func authTargetNotSigned() async throws {
        let fixture = try await ConsentFixture.make()
        defer { fixture.removeFiles() }
        let wallet = try await PeerWallet.make()
        let login = try ConsentFixture.oidcIdentity("alice@example.com")
        _ = try await fixture.engine.createAccount(id: "alice", identities: [try wallet.identity, login])

        // The user signs a transaction without authTarget: the keys are the wallet's own.
        let userArgs = try await wallet.executeArgs(TransactionText.make("alice", nonce: 0, [TransactionText.callChainSig()]))
        let relayed = ExecuteArgs(
            transaction: userArgs.transaction,
            authIdentity: userArgs.authIdentity,
            authTarget: login,
            message: userArgs.message,
            evidence: userArgs.evidence
        )
        let error = await #expect(throws: EngineError.self) { try await fixture.engine.submit(relayed) }
        #expect(error?.code == "auth_target_not_signed")
        #expect(error?.category == .unproven)
        #expect(try await fixture.nonce("alice") == 0)
        #expect(try await fixture.engine.executedTransaction(txHash: userArgs.transaction.txHashHex) == nil)
        // Naming the wallet itself is naming what was signed.
        let sameTarget = ExecuteArgs(
            transaction: userArgs.transaction,
            authIdentity: userArgs.authIdentity,
            authTarget: try wallet.identity,
            message: userArgs.message,
            evidence: userArgs.evidence
        )
        let own = try #require(try await fixture.engine.submit(sameTarget).executed)
        #expect(own.json["results"]?[0]?["derivationPath"]?.string == (try wallet.identity).path + ",ethereum,1")

        // A transaction naming the login as target: ExecuteArgs may repeat it, not replace it.
        let targeted = try await wallet.executeArgs(TransactionText.make("alice", nonce: 1, authTarget: login, [TransactionText.callChainSig()]))
        let swapped = ExecuteArgs(
            transaction: targeted.transaction,
            authIdentity: targeted.authIdentity,
            authTarget: try wallet.identity,
            message: targeted.message,
            evidence: targeted.evidence
        )
        #expect(await EngineError.code { try await fixture.engine.submit(swapped) } == "auth_target_not_signed")
        #expect(try await fixture.nonce("alice") == 1)
        let repeated = ExecuteArgs(
            transaction: targeted.transaction,
            authIdentity: targeted.authIdentity,
            authTarget: login,
            message: targeted.message,
            evidence: targeted.evidence
        )
        let result = try #require(try await fixture.engine.submit(repeated).executed)
        #expect(result.json["results"]?[0]?["derivationPath"]?.string == login.path + ",ethereum,1")
    }

    @Test("the two OIDC identities whose paths collide cannot both exist: https: with /accounts.google.com/demo is invalid_identity")
    func collidingOIDCPaths() async throws {
        let google = try AuthIdentity(.oidc(issuer: "https://accounts.google.com", clientId: "demo", email: "alice@gmail.com"))
        #expect(google.path == "oidc/https://accounts.google.com/demo/alice@gmail.com")
        // Before 1.1 this identity was accepted, and its path was the same text.
        #expect("oidc/" + "https:" + "/" + "/accounts.google.com/demo" + "/" + "alice@gmail.com" == google.path)
        let colliding = #"{"type":"OIDC","value":{"issuer":"https:","clientId":"/accounts.google.com/demo","email":"alice@gmail.com"}}"#
        #expect(throws: EngineError.self) { try AuthIdentity(jsonText: colliding) }
        let error = #expect(throws: EngineError.self) {
            try AuthIdentity(.oidc(issuer: "https:", clientId: "/accounts.google.com/demo", email: "alice@gmail.com"))
        }
        #expect(error?.code == "invalid_identity")
        // Each rule alone: an issuer that is not an https:// URL, or holds ","; a clientId with "/"
        // or ","; an email whose local part holds "/".
        let broken: [(String, String, String)] = [
            ("https:", "demo", "alice@gmail.com"),
            ("http://accounts.google.com", "demo", "alice@gmail.com"),
            ("https://accounts.google.com,x", "demo", "alice@gmail.com"),
            ("https://accounts.google.com", "/demo", "alice@gmail.com"),
            ("https://accounts.google.com", "de,mo", "alice@gmail.com"),
            ("https://accounts.google.com", "demo", "a/b@gmail.com"),
        ]
        for (issuer, clientId, email) in broken {
            #expect(throws: EngineError.self, "\(issuer) \(clientId) \(email)") {
                try AuthIdentity(.oidc(issuer: issuer, clientId: clientId, email: email))
            }
        }

        // Nor can it reach an account: not created, not added by AddKey.
        let fixture = try await ConsentFixture.make()
        defer { fixture.removeFiles() }
        let wallet = try await PeerWallet.make()
        _ = try await fixture.engine.createAccount(id: "alice", identities: [try wallet.identity, google])
        let addKey = #"{"accountId":"alice","nonce":0,"actions":[{"type":"AddKey","authIdentity":\#(colliding)}]}"#
        let parseError = #expect(throws: EngineError.self) { try SignedTransaction(jsonText: addKey) }
        #expect(parseError?.code == "invalid_identity")
        #expect(try await fixture.identities("alice") == [try wallet.identity, google])
    }

    @Test("a second keyId for one passkey is the same identity: AddKey refused, proving with it works, its counter cannot roll back")
    func secondKeyId() async throws {
        let fixture = try await ConsentFixture.make()
        defer { fixture.removeFiles() }
        let passkey = try await PeerPasskey.make()
        let wallet = try await PeerWallet.make()
        let first = try passkey.identity
        let second = try AuthIdentity(.webAuthn(keyId: "c2Vjb25kLWtleS1pZA", publicKey: try #require([UInt8](hex: passkey.publicKey))))
        #expect(first == second)
        #expect(first.canonicalKey != second.canonicalKey)
        #expect(first.matchKey == second.matchKey)
        #expect(first.path == second.path)
        _ = try await fixture.engine.createAccount(id: "pk", identities: [try wallet.identity, first])

        // AddKey of the second keyId: already present, with or without its consent.
        let addKey = try await wallet.executeArgs(TransactionText.make("pk", nonce: 0, [TransactionText.addKey(second)]))
        #expect(await EngineError.code { try await fixture.engine.submit(addKey) } == "identity_already_present")
        let consent = try await passkey.approval(txHash: addKey.transaction.txHashHex, signCount: 3)
        let withConsent = ApprovalProof(authIdentity: second, message: consent.message, evidence: consent.evidence)
        #expect(await EngineError.code { try await fixture.engine.submit(addKey.with(consents: [withConsent])) } == "identity_already_present")
        #expect(try await fixture.store.webAuthnSignCount(credential: first.matchKey) == nil)

        // Proving with the second keyId works, and its counter is the key's.
        func args(_ identity: AuthIdentity, nonce: UInt64, signCount: UInt32) async throws -> ExecuteArgs {
            let transaction = try SignedTransaction(
                jsonText: TransactionText.make("pk", nonce: nonce, [TransactionText.callChainSig(path: "ethereum,\(signCount)")])
            )
            let proof = try await passkey.approval(txHash: transaction.txHashHex, signCount: signCount)
            return ExecuteArgs(transaction: transaction, authIdentity: identity, message: "", evidence: proof.evidence)
        }
        let bySecond = try #require(try await fixture.engine.submit(try await args(second, nonce: 0, signCount: 5)).executed)
        #expect(bySecond.json["results"]?[0]?["derivationPath"]?.string == first.path + ",ethereum,5")
        #expect(try await fixture.store.webAuthnSignCount(credential: first.matchKey) == 5)

        // A lower or equal counter through the first keyId is refused: the counter is per key.
        for stale: UInt32 in [3, 5] {
            #expect(
                await EngineError.code { try await fixture.engine.submit(try await args(first, nonce: 1, signCount: stale)) }
                    == "webauthn_counter_regressed"
            )
        }
        #expect(try await fixture.nonce("pk") == 1)
        #expect(try await fixture.engine.submit(try await args(first, nonce: 1, signCount: 6)).executed?.nonce == 2)
        #expect(try await fixture.store.webAuthnSignCount(credential: second.matchKey) == 6)
    }
}
