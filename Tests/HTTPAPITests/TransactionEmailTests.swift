import AccountEngine
import ChainmailTestSupport
import Foundation
import HTTPAPI
import Testing

@Suite("prepared transactions and POST /v1/email: the approval mail, signed by dkimpy, executes")
struct TransactionEmailTests {
    @Test("POST /v1/transactions answers the approval email; dkimpy signs it as given; POST /v1/email executes it; coincurve checks")
    func prepareSignExecute() async throws {
        let mail = try await MailPeer.make()
        try await withLiveServer(dkimRecords: mail.dnsLine) { server in
            let client = APIClient(server)
            let alice = try Identities.oidc("alice@example.com")
            #expect(try await client.post("/v1/accounts", json: #"{"accountId":"alice","authIdentity":\#(alice.json.compactText)}"#).status == 201)

            let payload = TransactionText.randomPayload()
            let transaction = TransactionText.make("alice", nonce: 0, [TransactionText.callChainSig(payload: payload, path: "ethereum,1")])
            let txHash = try StrictJSONParser().parse(transaction).canonicalSHA256.hexString
            let prepared = try await client.post("/v1/transactions", json: #"{"transaction":\#(transaction)}"#)
            #expect(prepared.status == 201)
            let answer = try #require(prepared.json)
            #expect(answer["txHash"]?.string == txHash)
            let email = try #require(answer["email"])
            #expect(email["to"]?.string == LiveServer.serviceMailbox)
            let subject = try #require(email["subject"]?.string)
            let body = try #require(email["body"]?.string)
            #expect(subject.contains(txHash))
            #expect(body.contains("Sign payload 0x\(payload) on path \"ethereum,1\" with key version 0"))
            #expect(body.contains("-----BEGIN CHAINMAIL TRANSACTION-----\n"))
            #expect(body.contains("\n-----END CHAINMAIL TRANSACTION-----"))

            // The mailto URI, decoded by Python's urllib, gives back the same email.
            let mailto = try await PythonPeer.run("parse_mailto.py", input: .object(["uri": answer["mailto"] ?? .null]))
            #expect(mailto["to"]?.string == LiveServer.serviceMailbox)
            #expect(mailto["subject"]?.string == subject)
            #expect(mailto["body"]?.string == body.replacingOccurrences(of: "\n", with: "\r\n"))

            let status = try await client.get("/v1/transactions/\(txHash.uppercased())")
            #expect(status.json?["txHash"]?.string == txHash)
            #expect(status.json?["status"]?.string == "prepared")
            #expect(status.json?["summary"] == answer["summary"], "GET tells the summary POST answered")

            let raw = try await mail.sign(from: "Alice <Alice@Example.com>", to: LiveServer.serviceMailbox, subject: subject, body: body)
            let executed = try await client.send(.post, "/v1/email", body: raw, contentType: "message/rfc822")
            #expect(executed.status == 200, "\(executed.text)")
            let outcome = try #require(executed.json)
            #expect(outcome["status"]?.string == "executed")
            #expect(outcome["txHash"]?.string == txHash)
            #expect(outcome["nonce"]?.uint == 1)
            let signature = try #require(outcome["results"]?[0])
            #expect(signature["derivationPath"]?.string == "\(alice.path),ethereum,1")
            let check = try await checkWithCoincurve(signature, payload: payload, server: server)
            #expect(check["recoversToPublicKey"]?.bool == true)
            #expect(check["matchesDerivation"]?.bool == true)
            #expect(check["lowS"]?.bool == true)

            let after = try #require(try await client.get("/v1/transactions/\(txHash)").json)
            #expect(after["status"]?.string == "executed")
            #expect(
                after["result"]?.canonicalText
                    == outcome.objectValue.map { object in
                        JSONValue.object(JSONObject(object.members.filter { $0.key != "status" }))
                    }?.canonicalText
            )

            // The same mail again: the engine has moved on (nonce) and the answer is a 409.
            let again = try await client.send(.post, "/v1/email", body: raw, contentType: "message/rfc822")
            #expect(again.status == 409, "\(again.text)")
            #expect(try await client.get("/v1/transactions/\(txHash)").json?["status"]?.string == "executed")

            let metrics = try await client.get("/metrics").text
            #expect(metrics.contains(#"chainmail_dkim_results_total{source="api",result="executed"} 1"#))
            #expect(metrics.contains(#"chainmail_executions_total{method="email",outcome="executed"} 1"#))
        }
    }

    @Test("a mail with no block approves the transaction prepared under its Subject's txHash; a stranger's refusal leaves it prepared")
    func preparedWithoutBlockAndRejections() async throws {
        let mail = try await MailPeer.make(algorithm: "rsa")
        let stranger = try await MailPeer.make(domain: "elsewhere.example")
        try await withLiveServer(dkimRecords: mail.dnsLine) { server in
            let client = APIClient(server)
            let alice = try Identities.oidc("alice@example.com")
            _ = try await client.post("/v1/accounts", json: #"{"accountId":"alice","authIdentity":\#(alice.json.compactText)}"#)
            let payload = TransactionText.randomPayload()
            let transaction = TransactionText.make("alice", nonce: 0, [TransactionText.callChainSig(payload: payload, path: "bitcoin,0")])
            let prepared = try #require(try await client.post("/v1/transactions", json: #"{"transaction":\#(transaction)}"#).json)
            let txHash = try #require(prepared["txHash"]?.string)

            // Signed by a key the server does not know: 401, and nothing is recorded under the txHash.
            let forged = try await stranger.sign(from: "alice@elsewhere.example", to: LiveServer.serviceMailbox, subject: "ok \(txHash)", body: "yes")
            let refused = try await client.send(.post, "/v1/email", body: forged, contentType: "message/rfc822")
            #expect(refused.status == 401)
            #expect(refused.errorCode?.hasPrefix("dkim_") == true, "\(refused.text)")

            // Proven sender, but not on the account: refused, and not recorded under the txHash (a
            // stranger cannot change what is said about someone else's transaction, section 5).
            let bob = try await mail.sign(from: "bob@example.com", to: LiveServer.serviceMailbox, subject: "Approve \(txHash)", body: "yes please")
            let notOnAccount = try await client.send(.post, "/v1/email", body: bob, contentType: "message/rfc822")
            #expect(notOnAccount.status == 401)
            #expect(notOnAccount.errorCode == "sender_not_on_account")
            #expect(try await client.get("/v1/transactions/\(txHash)").json?["status"]?.string == "prepared")

            // The owner's refused mail is recorded: a reply with two transaction hashes and no block.
            let ambiguous = try await mail.sign(
                from: "alice@example.com",
                to: LiveServer.serviceMailbox,
                subject: "Re: \(txHash) \(String(repeating: "cd", count: 32))",
                body: "Which one?"
            )
            #expect(try await client.send(.post, "/v1/email", body: ambiguous, contentType: "message/rfc822").errorCode == "tx_hash_ambiguous")

            // The owner approves with a reply that holds no block: the prepared transaction executes.
            let approval = try await mail.sign(from: "alice@example.com", to: LiveServer.serviceMailbox, subject: "Re: \(txHash)", body: "Approved.")
            let executed = try await client.send(.post, "/v1/email", body: approval, contentType: "message/rfc822")
            #expect(executed.status == 200, "\(executed.text)")
            let signature = try #require(executed.json?["results"]?[0])
            let check = try await checkWithCoincurve(signature, payload: payload, server: server)
            #expect(check["recoversToPublicKey"]?.bool == true)
            #expect(check["matchesDerivation"]?.bool == true)
            #expect(try await client.get("/v1/transactions/\(txHash)").json?["status"]?.string == "executed")

            // A Subject naming a transaction nobody prepared: 404 transaction_not_found, recorded nowhere
            // (there is no account the sender could be on).
            let unknown = String(repeating: "ab", count: 32)
            let orphan = try await mail.sign(from: "alice@example.com", to: LiveServer.serviceMailbox, subject: "Re: \(unknown)", body: "ok")
            let notFound = try await client.send(.post, "/v1/email", body: orphan, contentType: "message/rfc822")
            #expect(notFound.status == 404)
            #expect(notFound.errorCode == "transaction_not_found")
            #expect(try await client.get("/v1/transactions/\(unknown)").status == 404)
        }
    }

    @Test("POST /v1/email refuses other media types (415), oversized mail (413) and garbage (400); GET of unknown or malformed hashes")
    func emailRefusals() async throws {
        try await withLiveServer(settings: .testing(\.maxEmailBytes, 4096)) { server in
            let client = APIClient(server)
            let text = try await client.send(.post, "/v1/email", body: Array("From: a@b.c\r\n\r\nhi".utf8), contentType: "text/plain")
            #expect(text.status == 415)
            let large = try await client.send(.post, "/v1/email", body: [UInt8](repeating: 0x41, count: 5000), contentType: "message/rfc822")
            #expect(large.status == 413)
            #expect(large.errorCode == "too_large")
            let garbage = try await client.send(.post, "/v1/email", body: Array("no headers at all".utf8), contentType: "message/rfc822")
            #expect(garbage.status == 400, "\(garbage.text)")
            #expect(garbage.errorCode == "from_missing")
            #expect(try await client.get("/v1/transactions/\(String(repeating: "0", count: 64))").status == 404)
            #expect(try await client.get("/v1/transactions/xyz").errorCode == "invalid_tx_hash")
        }
    }

    @Test("the approval email summarises every kind of action and cannot be given a forged second block")
    func summaries() async throws {
        try await withLiveServer { server in
            let client = APIClient(server)
            let key = try AuthIdentity(.pubKey("evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4"))
            let hostile =
                #"{"type":"CallChainSig","args":{"payload":"\#(TransactionText.randomPayload())","keyVersion":0,"path":"x\n-----BEGIN CHAINMAIL TRANSACTION-----\n{}"}}"#
            let transaction = TransactionText.make(
                "alice",
                nonce: 3,
                [
                    TransactionText.addKey(key), TransactionText.removeKey(try Identities.oidc("old@example.com")), hostile,
                    TransactionText.deleteAccount,
                ]
            )
            let answer = try #require(try await client.post("/v1/transactions", json: #"{"transaction":\#(transaction)}"#).json)
            let body = try #require(answer["email"]?["body"]?.string)
            #expect(body.contains("1. Add key wallet \"evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4\""))
            #expect(body.contains("2. Remove key OIDC login \"old@example.com\" at \"https://accounts.example.com\""))
            #expect(body.contains(#"on path "x\u{000A}-----BEGIN CHAINMAIL TRANSACTION-----\u{000A}{}""#))
            #expect(body.contains("4. Delete the account"))
            let beginLines = body.split(separator: "\n").filter { $0 == "-----BEGIN CHAINMAIL TRANSACTION-----" }
            #expect(beginLines.count == 1)

            let invalid = try await client.post("/v1/transactions", json: #"{"transaction":{"accountId":"alice","nonce":-1,"actions":[]}}"#)
            #expect(invalid.status == 400)
            #expect(invalid.errorCode == "invalid_nonce")
            let extra = try await client.post("/v1/transactions", json: #"{"transaction":\#(transaction),"note":"x"}"#)
            #expect(extra.errorCode == "invalid_request")
        }
    }
}
