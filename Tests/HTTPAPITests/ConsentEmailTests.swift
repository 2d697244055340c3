import AccountEngine
import ChainmailTestSupport
import Foundation
import HTTPAPI
import Testing

/// Consent by email over HTTP (PROTOCOL.md sections 4.1, 5 and 7): a mail from an added identity's
/// address is its consent, in either order with the API; the envelope carries wallet consents; a
/// stranger's mail changes and learns nothing; mails must be addressed to the service; the
/// approval email says who must approve and how. Mails signed by dkimpy, wallets by eth-account.
@Suite("Consent by email over HTTP: orders, envelope, strangers, the service address, the approval email", .serialized)
struct ConsentEmailTests {
    @Test("API then email: POST /v1/execute by the wallet answers 202, the added address's mail with the same transaction executes it")
    func apiThenEmail() async throws {
        let mail = try await MailPeer.make()
        let owner = try await PeerWallet.make()
        let dave = try Identities.oidc("dave@example.com")
        try await withAccount("shared", try owner.identity, trusting: mail) { server, client in
            let payload = TransactionText.randomPayload()
            let transaction = TransactionText.make(
                "shared",
                nonce: 0,
                [TransactionText.addKey(dave), TransactionText.callChainSig(payload: payload)]
            )
            let txHash = try ConsentText.txHash(transaction)

            let kept = try await client.post("/v1/execute", json: try await owner.executeArgsJSON(transaction))
            #expect(kept.status == 202, "\(kept.text)")
            #expect(ConsentText.identities(kept.json?["missing"]) == [dave.json.canonicalText])

            let consent = try await mail.signMail(from: "Dave <dave@example.com>", subject: "I consent: \(txHash)", asking: transaction)
            let executed = try await client.postEmail(consent)
            #expect(executed.status == 200, "\(executed.text)")
            #expect(executed.json?["status"]?.string == "executed")
            #expect(executed.json?["results"]?.array.map { $0["type"]?.string } == ["AddKey", "CallChainSig"])
            // The wallet was the authority: its keys sign, not dave's.
            let signature = try #require(executed.json?["results"]?[1])
            #expect(signature["derivationPath"]?.string == "\(try owner.identity.path),ethereum,1")
            #expect(try await checkWithCoincurve(signature, payload: payload, server: server)["recoversToPublicKey"]?.bool == true)

            let account = try await client.account("shared")
            #expect(account["nonce"]?.uint == 1)
            #expect(ConsentText.identities(account["authIdentities"]) == [try owner.identity.json.canonicalText, dave.json.canonicalText])
            #expect(try await client.get("/v1/transactions/\(txHash)").json?["status"]?.string == "executed")
        }
    }

    @Test("a consent by mail that fails (a key the service does not know, a mail two hours old) is refused with its code and leaves nothing")
    func failingConsentByMail() async throws {
        let mail = try await MailPeer.make()
        let unknownKey = try await MailPeer.make()
        let owner = try await PeerWallet.make()
        let dave = try Identities.oidc("dave@example.com")
        try await withAccount("shared", try owner.identity, trusting: mail) { _, client in
            let transaction = TransactionText.make("shared", nonce: 0, [TransactionText.addKey(dave)])
            let txHash = try ConsentText.txHash(transaction)
            #expect(try await client.post("/v1/execute", json: try await owner.executeArgsJSON(transaction)).status == 202)
            let before = try await client.get("/v1/transactions/\(txHash)").text

            let forged = try await unknownKey.signMail(from: "dave@example.com", subject: "ok \(txHash)", asking: transaction)
            let stale = try await mail.signMail(
                from: "dave@example.com",
                subject: "ok \(txHash)",
                asking: transaction,
                timestamp: Int(Date().timeIntervalSince1970) - 7200
            )
            for (raw, code) in [(forged, "dkim_"), (stale, "mail_too_old")] {
                let answer = try await client.postEmail(raw)
                #expect(answer.status == 401, "\(answer.text)")
                #expect(answer.errorCode?.hasPrefix(code) == true, "\(answer.text)")
                #expect(try await client.get("/v1/transactions/\(txHash)").text == before, "nothing kept after \(code)")
            }
            #expect(ConsentText.identities(try await client.account("shared")["authIdentities"]) == [try owner.identity.json.canonicalText])
        }
    }

    @Test("email then API: the added address's mail answers 202 awaiting the account, then POST /v1/execute by the wallet executes")
    func emailThenAPI() async throws {
        let mail = try await MailPeer.make(algorithm: "rsa")
        let owner = try await PeerWallet.make()
        let erin = try Identities.oidc("erin@example.com")
        try await withAccount("shared", try owner.identity, trusting: mail) { server, client in
            let transaction = TransactionText.make("shared", nonce: 0, [TransactionText.addKey(erin)])
            let txHash = try ConsentText.txHash(transaction)

            let consent = try await mail.signMail(from: "erin@example.com", subject: "Add me \(txHash)", asking: transaction)
            let kept = try await client.postEmail(consent)
            #expect(kept.status == 202, "\(kept.text)")
            #expect(kept.json?["status"]?.string == "awaiting_proofs")
            #expect(kept.json?["missing"]?.array.isEmpty == true)
            #expect(kept.json?["authorityProven"]?.bool == false)
            #expect(try await client.get("/v1/transactions/\(txHash)").json?["status"]?.string == "awaiting_proofs")
            let reply = try #require(try await server.ledger.pending(limit: 10).first { $0.to == ["erin@example.com"] })
            #expect(String(decoding: reply.data, as: UTF8.self).contains("An identity of account shared must approve it."))

            let executed = try await client.post("/v1/execute", json: try await owner.executeArgsJSON(transaction))
            #expect(executed.status == 200, "\(executed.text)")
            #expect(executed.json?["results"]?[0]?["type"]?.string == "AddKey")
            let account = try await client.account("shared")
            #expect(ConsentText.identities(account["authIdentities"]).contains(erin.json.canonicalText))
        }
    }

    @Test("the envelope {transaction, consents} in a mail: a wallet consent over the approval line executes; a sign-in message is refused")
    func envelopeWithWalletConsent() async throws {
        let mail = try await MailPeer.make()
        let wallet = try await PeerWallet.make()
        let alice = try Identities.oidc("alice@example.com")
        try await withAccount("alice", alice, trusting: mail) { _, client in
            let payload = TransactionText.randomPayload()
            let transaction = TransactionText.make(
                "alice",
                nonce: 0,
                [TransactionText.addKey(try wallet.identity), TransactionText.callChainSig(payload: payload)]
            )
            let txHash = try ConsentText.txHash(transaction)
            func envelope(_ consent: JSONValue) -> String {
                #"{"transaction":\#(transaction),"consents":[\#(consent.compactText)]}"#
            }

            let signIn = try await wallet.proof(txHash: txHash, message: "app.example sign-in\nNonce: \(txHash.uppercased())")
            let phished = try await mail.signMail(from: "alice@example.com", subject: "Approve \(txHash)", asking: envelope(signIn))
            let refused = try await client.postEmail(phished)
            #expect(refused.status == 401, "\(refused.text)")
            #expect(refused.errorCode == "message_not_an_approval")
            #expect(ConsentText.identities(try await client.account("alice")["authIdentities"]) == [alice.json.canonicalText])

            let approved = try await mail.signMail(
                from: "alice@example.com",
                subject: "Approve again \(txHash)",
                asking: envelope(try await wallet.proof(txHash: txHash))
            )
            let executed = try await client.postEmail(approved)
            #expect(executed.status == 200, "\(executed.text)")
            #expect(executed.json?["txHash"]?.string == txHash)
            #expect(executed.json?["results"]?[1]?["derivationPath"]?.string == "\(alice.path),ethereum,1")
            let account = try await client.account("alice")
            #expect(ConsentText.identities(account["authIdentities"]) == [alice.json.canonicalText, try wallet.identity.json.canonicalText])
        }
    }

    @Test("a stranger's mail leaves a prepared transaction prepared and tells nothing about the account, existing or not")
    func strangerLeavesPreparedTransactionPrepared() async throws {
        let mail = try await MailPeer.make()
        let alice = try Identities.oidc("alice@example.com")
        try await withAccount("alice", alice, trusting: mail) { server, client in
            let transaction = signingTransaction("alice")
            let txHash = try ConsentText.txHash(transaction)
            #expect(try await client.post("/v1/transactions", json: #"{"transaction":\#(transaction)}"#).status == 201)

            let stranger = try await mail.sign(from: "mallory@example.com", to: LiveServer.serviceMailbox, subject: "Re: \(txHash)", body: "ok")
            let refused = try await client.postEmail(stranger)
            #expect(refused.status == 401, "\(refused.text)")
            #expect(refused.errorCode == "sender_not_on_account")
            let after = try await client.get("/v1/transactions/\(txHash)").json
            #expect(after?["status"]?.string == "prepared")
            #expect(after?["error"] == nil, "a stranger's refusal is not recorded")

            // The same stranger on an account that does not exist gets the same words.
            let ghost = signingTransaction("ghost")
            let ghostHash = try ConsentText.txHash(ghost)
            let nowhere = try await client.postEmail(
                try await mail.signMail(from: "mallory@example.com", subject: "Approve \(ghostHash)", asking: ghost)
            )
            #expect(nowhere.status == refused.status)
            #expect(nowhere.errorCode == "sender_not_on_account")
            #expect(nowhere.json?["error"]?["message"] == refused.json?["error"]?["message"])
            #expect(try await client.get("/v1/transactions/\(ghostHash)").status == 404)

            let replies = try await server.ledger.pending(limit: 10).filter { $0.to == ["mallory@example.com"] }
            #expect(replies.count == 2)
            for reply in replies {
                let text = String(decoding: reply.data, as: UTF8.self)
                #expect(text.contains("reason: sender_not_on_account"))
                for secret in ["alice", "ghost", "nonce", "accounts.example.com", "chainmail-client"] {
                    #expect(!text.contains(secret), "the reply names \(secret): \(text)")
                }
            }
            for secret in ["alice", "ghost"] { #expect(!refused.text.contains(secret) && !nowhere.text.contains(secret)) }
        }
    }

    @Test("a mail whose To and Cc do not name the service is refused not_addressed_to_service and executes nothing")
    func mailForAnotherService() async throws {
        let mail = try await MailPeer.make()
        let alice = try Identities.oidc("alice@example.com")
        try await withAccount("alice", alice, trusting: mail) { _, client in
            let transaction = signingTransaction("alice")
            let txHash = try ConsentText.txHash(transaction)
            let elsewhere = try await mail.signMail(
                from: "alice@example.com",
                to: "approve@other-deployment.example",
                subject: "Approve \(txHash)",
                asking: transaction
            )
            let refused = try await client.postEmail(elsewhere)
            #expect(refused.status == 422, "\(refused.text)")
            #expect(refused.errorCode == "not_addressed_to_service")
            #expect(try await client.account("alice")["nonce"]?.uint == 0)

            let here = try await mail.signMail(
                from: "alice@example.com",
                to: "Chainmail <\(LiveServer.serviceMailbox.uppercased())>",
                subject: "Approve \(txHash)",
                asking: transaction
            )
            #expect(try await client.postEmail(here).status == 200)
        }
    }

    @Test("the approval email of an AddKey names the identities that must approve and the exact approval line; following it executes")
    func approvalEmailOfAddKey() async throws {
        let mail = try await MailPeer.make()
        let wallet = try await PeerWallet.make()
        let alice = try Identities.oidc("alice@example.com")
        let dave = try Identities.oidc("dave@example.com")
        try await withAccount("alice", alice, trusting: mail) { server, client in
            let transaction = TransactionText.make("alice", nonce: 0, [TransactionText.addKey(try wallet.identity), TransactionText.addKey(dave)])
            let txHash = try ConsentText.txHash(transaction)
            let prepared = try #require(try await client.post("/v1/transactions", json: #"{"transaction":\#(transaction)}"#).json)
            let body = try #require(prepared["email"]?["body"]?.string)
            let subject = try #require(prepared["email"]?["subject"]?.string)
            let line = "\(server.engine.serviceId): approve transaction \(txHash)"
            #expect(line == "chainmail.testnet: approve transaction \(txHash)")
            let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.contains(line), "the exact approval line stands alone on a line")
            #expect(body.contains("It runs only once each identity it adds has approved it too:"))
            let walletLine = try #require(lines.first { $0.hasPrefix("- ") && $0.contains(wallet.address) })
            #expect(walletLine.contains("approves by signing the message \"\(line)\""))
            let daveLine = try #require(lines.first { $0.hasPrefix("- ") && $0.contains("dave@example.com approves") })
            #expect(daveLine.contains("by sending a mail to \(LiveServer.serviceMailbox) whose Subject holds \(txHash)"))

            // Following it: the wallet signs that very line, dave mails his consent, alice sends the email as given.
            let walletProof = try await wallet.proof(txHash: txHash, message: line)
            #expect(try await client.post("/v1/transactions/\(txHash)/proofs", json: walletProof).status == 202)
            let fromDave = try await mail.sign(from: "dave@example.com", to: LiveServer.serviceMailbox, subject: "ok \(txHash)", body: "Yes.")
            let daveAnswer = try await client.postEmail(fromDave)
            #expect(daveAnswer.status == 202, "\(daveAnswer.text)")
            #expect(daveAnswer.json?["missing"]?.array.isEmpty == true)
            let fromAlice = try await mail.sign(from: "alice@example.com", to: LiveServer.serviceMailbox, subject: subject, body: body)
            let executed = try await client.postEmail(fromAlice)
            #expect(executed.status == 200, "\(executed.text)")
            #expect(try await client.account("alice")["authIdentities"]?.array.count == 3)
        }
    }

    /// Runs `body` with a live server that trusts `mail`'s DKIM key and holds the account
    /// `accountId` with `identity`, and an API client of that server.
    private func withAccount(
        _ accountId: String,
        _ identity: AuthIdentity,
        trusting mail: MailPeer,
        _ body: (LiveServer, APIClient) async throws -> Void
    ) async throws {
        try await withLiveServer(dkimRecords: mail.dnsLine) { server in
            let client = APIClient(server)
            try await client.createAccount(accountId, identity)
            try await body(server, client)
        }
    }

    /// A transaction of `accountId` at nonce 0: one CallChainSig of a random payload.
    private func signingTransaction(_ accountId: String) -> String {
        TransactionText.make(accountId, nonce: 0, [TransactionText.callChainSig(payload: TransactionText.randomPayload())])
    }
}

extension MailPeer {
    /// A mail signed by this peer whose body asks to run `content` (a transaction, or the envelope
    /// `{"transaction","consents"}`) in a block, sent to the service unless `to` says otherwise.
    fileprivate func signMail(
        from sender: String,
        to recipient: String = LiveServer.serviceMailbox,
        subject: String,
        asking content: String,
        timestamp: Int? = nil
    ) async throws -> [UInt8] {
        try await sign(from: sender, to: recipient, subject: subject, body: ConsentText.mailBody(content), timestamp: timestamp)
    }
}
