import AccountEngine
import ChainmailTestSupport
import Foundation
import HTTPAPI
import Testing

/// Consent of added identities over HTTP (PROTOCOL.md sections 4.1 and 7): POST /v1/execute answers
/// 202 while an added identity has not consented, POST /v1/transactions/{txHash}/proofs adds proofs
/// one by one, and the identity theft of issue 10 gets nowhere. Wallet proofs by eth-account.
@Suite("Consent over HTTP: the identity theft, awaiting proofs, POST /v1/transactions/{txHash}/proofs", .serialized)
struct ConsentRoutesTests {
    @Test("the identity theft through the API: AddKey of the victim awaits her, signing as her is refused, she never joins, the nonce stays")
    func identityTheftThroughTheAPI() async throws {
        let attacker = try await PeerWallet.make()
        let victim = try Identities.oidc("victim@example.com")
        try await withLiveServer { server in
            let client = APIClient(server)
            try await client.createAccount("attacker", try attacker.identity)

            // Every approval the attacker makes, signed in one run of her wallet.
            let payload = TransactionText.randomPayload()
            let addVictim = TransactionText.make("attacker", nonce: 0, [TransactionText.addKey(victim)])
            let signAsVictim = ConsentText.make("attacker", nonce: 0, authTarget: victim, [TransactionText.callChainSig(payload: payload)])
            let own = TransactionText.make("attacker", nonce: 0, [TransactionText.callChainSig(payload: payload)])
            let transactions = [addVictim, signAsVictim, own]
            let proofs = try await attacker.proofs(try transactions.map { ConsentText.line(try ConsentText.txHash($0)) })

            // AddKey of the victim with only the attacker's proof: kept, awaiting the victim.
            let added = try await client.post("/v1/execute", json: try ConsentText.executeArgs(addVictim, authority: proofs[0]))
            #expect(added.status == 202, "\(added.text)")
            #expect(added.json?["status"]?.string == "awaiting_proofs")
            #expect(added.json?["txHash"]?.string == (try ConsentText.txHash(addVictim)))
            #expect(ConsentText.identities(added.json?["missing"]) == [victim.json.canonicalText])
            #expect(added.json?["authorityProven"]?.bool == true)
            #expect(added.json?["results"] == nil)

            // CallChainSig with the victim as authTarget inside the transaction: refused, no signature.
            let refused = try await client.post("/v1/execute", json: try ConsentText.executeArgs(signAsVictim, authority: proofs[1]))
            #expect(refused.status == 422, "\(refused.text)")
            #expect(refused.errorCode == "auth_target_not_on_account")
            #expect(refused.json?["results"] == nil)
            // The same with the victim named only in ExecuteArgs: the proof does not cover it.
            let unsigned = try ConsentText.executeArgs(own, authority: proofs[2], authTarget: victim)
            let notSigned = try await client.post("/v1/execute", json: unsigned)
            #expect(notSigned.errorCode == "auth_target_not_signed", "\(notSigned.text)")

            // The attacker's account holds her key alone, its nonce untouched; the victim is on no account.
            let account = try await client.account("attacker")
            #expect(ConsentText.identities(account["authIdentities"]) == [try attacker.identity.json.canonicalText])
            #expect(account["nonce"]?.uint == 0)
            let holding = try await client.get("/v1/accounts?identity=\(queryEncoded(victim.json.compactText))")
            #expect(holding.json?["accounts"]?.array.isEmpty == true, "\(holding.text)")
            let status = try #require(try await client.get("/v1/transactions/\(try ConsentText.txHash(addVictim))").json)
            #expect(status["status"]?.string == "awaiting_proofs")
            #expect(ConsentText.identities(status["missing"]) == [victim.json.canonicalText])
            #expect(try await client.get("/v1/transactions/\(try ConsentText.txHash(signAsVictim))").status == 404)

            // Her own CallChainSig at nonce 0 still executes, with her own key.
            let executed = try await client.post("/v1/execute", json: try ConsentText.executeArgs(own, authority: proofs[2]))
            #expect(executed.status == 200, "\(executed.text)")
            let path = try #require(executed.json?["results"]?[0]?["derivationPath"]?.string)
            #expect(path == "\(try attacker.identity.path),ethereum,1")
            #expect(!path.hasPrefix(victim.path))
        }
    }

    @Test(
        "ExecuteArgs with the added wallet's consent executes at once; a failing consent (another key, another txHash, a sign-in message) is refused, nothing kept"
    )
    func consentsInExecuteArgs() async throws {
        let owner = try await PeerWallet.make()
        let added = try await PeerWallet.make()
        let impostor = try await PeerWallet.make()
        try await withLiveServer { server in
            let client = APIClient(server)
            try await client.createAccount("owner", try owner.identity)
            let transaction = TransactionText.make("owner", nonce: 0, [TransactionText.addKey(try added.identity)])
            let txHash = try ConsentText.txHash(transaction)
            let authority = try #require(try await owner.proofs([ConsentText.line(txHash)]).first)
            let consents = try await added.proofs([
                ConsentText.line(txHash), ConsentText.line(String(repeating: "0", count: 64)),
                "Sign in to app.example\nNonce: \(txHash.uppercased())",
            ])
            let forged = ExecuteRoutesTests.replacing(
                "authIdentity",
                with: try added.identity.json,
                in: try #require(try await impostor.proofs([ConsentText.line(txHash)]).first)
            )

            // A consent signed by another key, one over another txHash, a sign-in message: refused, nothing kept.
            for (consent, code) in [
                (forged, "invalid_signature"), (consents[1], "message_not_an_approval"), (consents[2], "message_not_an_approval"),
            ] {
                let answer = try await client.post(
                    "/v1/execute",
                    json: try ConsentText.executeArgs(transaction, authority: authority, consents: [consent])
                )
                #expect(answer.status == 401, "\(answer.text)")
                #expect(answer.errorCode == code)
                #expect(try await client.get("/v1/transactions/\(txHash)").status == 404, "nothing kept after \(code)")
            }

            // With the consent: 200, the wallet is on the account.
            let executed = try await client.post(
                "/v1/execute",
                json: try ConsentText.executeArgs(transaction, authority: authority, consents: [consents[0]])
            )
            #expect(executed.status == 200, "\(executed.text)")
            #expect(executed.json?["nonce"]?.uint == 1)
            let account = try await client.account("owner")
            #expect(ConsentText.identities(account["authIdentities"]).contains(try added.identity.json.canonicalText))
        }
    }

    @Test("POST /v1/transactions/{txHash}/proofs: consent then authority, and authority then consent, each executes on the last proof")
    func proofsInEitherOrder() async throws {
        let owner = try await PeerWallet.make()
        let first = try await PeerWallet.make()
        let second = try await PeerWallet.make()
        try await withLiveServer { server in
            let client = APIClient(server)
            try await client.createAccount("p1", try owner.identity)

            // Consent first: prepared, the added wallet's proof (202, authority awaited), then the owner's (200).
            let one = TransactionText.make("p1", nonce: 0, [TransactionText.addKey(try first.identity)])
            let oneHash = try ConsentText.txHash(one)
            let two = TransactionText.make("p1", nonce: 1, [TransactionText.addKey(try second.identity)])
            let twoHash = try ConsentText.txHash(two)
            let ownerProofs = try await owner.proofs([ConsentText.line(oneHash), ConsentText.line(twoHash)])
            let firstProof = try #require(try await first.proofs([ConsentText.line(oneHash)]).first)
            let secondProof = try #require(try await second.proofs([ConsentText.line(twoHash)]).first)
            #expect(try await client.post("/v1/transactions", json: #"{"transaction":\#(one)}"#).status == 201)
            #expect(try await client.get("/v1/transactions/\(oneHash)").json?["status"]?.string == "prepared")
            let consent = try await client.post("/v1/transactions/\(oneHash)/proofs", json: firstProof)
            #expect(consent.status == 202, "\(consent.text)")
            #expect(consent.json?["status"]?.string == "awaiting_proofs")
            #expect(consent.json?["missing"]?.array.isEmpty == true)
            #expect(consent.json?["authorityProven"]?.bool == false)
            let awaiting = try #require(try await client.get("/v1/transactions/\(oneHash)").json)
            #expect(awaiting["status"]?.string == "awaiting_proofs")
            #expect(awaiting["authorityProven"]?.bool == false)
            let authority = try await client.post("/v1/transactions/\(oneHash.uppercased())/proofs", json: ownerProofs[0])
            #expect(authority.status == 200, "\(authority.text)")
            #expect(authority.json?["txHash"]?.string == oneHash)
            #expect(authority.json?["nonce"]?.uint == 1)
            #expect(try await client.get("/v1/transactions/\(oneHash)").json?["status"]?.string == "executed")

            // After execution: 409, whoever sends a proof.
            let late = try await client.post("/v1/transactions/\(oneHash)/proofs", json: firstProof)
            #expect(late.status == 409, "\(late.text)")
            #expect(late.errorCode == "transaction_executed")

            // Authority first, through POST /v1/execute (the transaction is kept by that call), then the consent.
            let kept = try await client.post("/v1/execute", json: try ConsentText.executeArgs(two, authority: ownerProofs[1]))
            #expect(kept.status == 202, "\(kept.text)")
            #expect(ConsentText.identities(kept.json?["missing"]) == [try second.identity.json.canonicalText])
            let completed = try await client.post("/v1/transactions/\(twoHash)/proofs", json: secondProof)
            #expect(completed.status == 200, "\(completed.text)")
            #expect(completed.json?["nonce"]?.uint == 2)

            let account = try await client.account("p1")
            #expect(account["nonce"]?.uint == 2)
            #expect(
                ConsentText.identities(account["authIdentities"])
                    == [try owner.identity, try first.identity, try second.identity].map(\.json.canonicalText)
            )
        }
    }

    @Test("POST /v1/transactions/{txHash}/proofs: a failing proof is refused with its code and kept nowhere; unknown txHash 404")
    func failingProofsAndUnknownTransactions() async throws {
        let owner = try await PeerWallet.make()
        let added = try await PeerWallet.make()
        let stranger = try await PeerWallet.make()
        try await withLiveServer { server in
            let client = APIClient(server)
            try await client.createAccount("p2", try owner.identity)
            let transaction = TransactionText.make("p2", nonce: 0, [TransactionText.addKey(try added.identity)])
            let txHash = try ConsentText.txHash(transaction)
            _ = try await client.post("/v1/transactions", json: #"{"transaction":\#(transaction)}"#)
            let prepared = try await client.get("/v1/transactions/\(txHash)").text

            let strangers = try await stranger.proofs([ConsentText.line(txHash)])
            let forged = ExecuteRoutesTests.replacing("authIdentity", with: try added.identity.json, in: strangers[0])
            let addedProofs = try await added.proofs([
                ConsentText.line(String(repeating: "1", count: 64)), "Sign in with nonce \(txHash)",
                ApprovalLine.text(serviceId: "other.deployment", txHash: txHash),
            ])
            let refusals: [(JSONValue, Int, String)] = [
                (forged, 401, "invalid_signature"),
                (addedProofs[0], 401, "message_not_an_approval"),
                (addedProofs[1], 401, "message_not_an_approval"),
                (addedProofs[2], 401, "message_not_an_approval"),
                (strangers[0], 401, "identity_not_on_account"),
            ]
            for (proof, status, code) in refusals {
                let answer = try await client.post("/v1/transactions/\(txHash)/proofs", json: proof)
                #expect(answer.errorCode == code, "\(answer.text)")
                #expect(answer.status == status, "\(answer.text)")
                #expect(try await client.get("/v1/transactions/\(txHash)").text == prepared, "nothing kept after \(code)")
            }
            #expect(try await client.account("p2")["nonce"]?.uint == 0)

            let unknown = String(repeating: "ab", count: 32)
            let notFound = try await client.post("/v1/transactions/\(unknown)/proofs", json: try await owner.proof(txHash: unknown))
            #expect(notFound.status == 404, "\(notFound.text)")
            #expect(notFound.errorCode == "transaction_not_found")
            #expect(try await client.post("/v1/transactions/xyz/proofs", json: forged).errorCode == "invalid_tx_hash")
            let malformed = try await client.post("/v1/transactions/\(txHash)/proofs", json: #"{"authIdentity":1}"#)
            #expect(malformed.status == 400, "\(malformed.text)")
        }
    }

    @Test("20 concurrent submissions of the last missing consent execute the transaction once")
    func concurrentLastConsent() async throws {
        let owner = try await PeerWallet.make()
        let added = try await PeerWallet.make()
        try await withLiveServer { server in
            let client = APIClient(server)
            try await client.createAccount("race", try owner.identity)
            let transaction = TransactionText.make("race", nonce: 0, [TransactionText.addKey(try added.identity)])
            let txHash = try ConsentText.txHash(transaction)
            #expect(try await client.post("/v1/execute", json: try await owner.executeArgsJSON(transaction)).status == 202)
            let proof = try await added.proof(txHash: txHash)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 { group.addTask { try await client.post("/v1/transactions/\(txHash)/proofs", json: proof).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses.sorted())")
            // A proof that loses the race hears 409 (nonce_mismatch or transaction_executed), never
            // 404: one arriving while the winner commits finds the transaction executed.
            #expect(statuses.allSatisfy { [200, 409].contains($0) }, "\(statuses.sorted())")
            #expect(try await client.account("race")["nonce"]?.uint == 1)
        }
    }
}
