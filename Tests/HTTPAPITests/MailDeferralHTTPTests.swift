import AccountEngine
import ChainmailTestSupport
import Foundation
import HTTPAPI
import Testing

/// POST /v1/email under issue 13's rules: a temporary failure is a 503 with its code and records
/// nothing; a stranger's refusal says nothing about the account and leaves GET /v1/transactions alone.
@Suite("POST /v1/email: temporary failures answer 503 and record nothing; strangers change nothing")
struct MailDeferralHTTPTests {
    @Test("a DKIM key look-up that answers SERVFAIL is 503 dkim_key_lookup_failed; the prepared transaction stays prepared")
    func keyLookupFailureIs503() async throws {
        let mail = try await MailPeer.make()
        try await withLiveServer(dkimRecords: "\(mail.selector)._domainkey.\(mail.domain) ~~SERVFAIL~~") { server in
            let client = APIClient(server)
            let alice = try Identities.oidc("alice@example.com")
            _ = try await client.post("/v1/accounts", json: #"{"accountId":"alice","authIdentity":\#(alice.json.compactText)}"#)
            let transaction = TransactionText.make("alice", nonce: 0, [TransactionText.callChainSig(payload: TransactionText.randomPayload())])
            let prepared = try #require(try await client.post("/v1/transactions", json: #"{"transaction":\#(transaction)}"#).json)
            let txHash = try #require(prepared["txHash"]?.string)
            let approval = try await mail.sign(from: "alice@example.com", to: LiveServer.serviceMailbox, subject: "Re: \(txHash)", body: "Approved.")
            let answer = try await client.send(.post, "/v1/email", body: approval, contentType: "message/rfc822")
            #expect(answer.status == 503, "\(answer.text)")
            #expect(answer.errorCode == "dkim_key_lookup_failed", "\(answer.text)")
            #expect(try await client.get("/v1/transactions/\(txHash)").json?["status"]?.string == "prepared")
        }
    }

    @Test("a stranger's mail for a known account and for an unknown one: the same refusal, no account named, the status untouched")
    func strangerChangesNothing() async throws {
        let mail = try await MailPeer.make()
        try await withLiveServer(dkimRecords: mail.dnsLine) { server in
            let client = APIClient(server)
            let alice = try Identities.oidc("alice@example.com")
            _ = try await client.post("/v1/accounts", json: #"{"accountId":"alice","authIdentity":\#(alice.json.compactText)}"#)
            let transaction = TransactionText.make("alice", nonce: 0, [TransactionText.callChainSig(payload: TransactionText.randomPayload())])
            let prepared = try #require(try await client.post("/v1/transactions", json: #"{"transaction":\#(transaction)}"#).json)
            let txHash = try #require(prepared["txHash"]?.string)

            // Mallory (DKIM-valid, on no account) approves alice's transaction, then one for an account that does not exist.
            let known = try await mail.sign(from: "mallory@example.com", to: LiveServer.serviceMailbox, subject: "Re: \(txHash)", body: "yes")
            let toKnown = try await client.send(.post, "/v1/email", body: known, contentType: "message/rfc822")
            let ghost = TransactionText.make("ghost", nonce: 0, [TransactionText.callChainSig(payload: TransactionText.randomPayload())])
            let ghostHash = try StrictJSONParser().parse(ghost).canonicalSHA256.hexString
            let unknown = try await mail.sign(
                from: "mallory@example.com",
                to: LiveServer.serviceMailbox,
                subject: "Approve \(ghostHash)",
                body: "-----BEGIN CHAINMAIL TRANSACTION-----\n\(ghost)\n-----END CHAINMAIL TRANSACTION-----\n"
            )
            let toUnknown = try await client.send(.post, "/v1/email", body: unknown, contentType: "message/rfc822")
            for answer in [toKnown, toUnknown] {
                #expect(answer.status == 401, "\(answer.text)")
                #expect(answer.errorCode == "sender_not_on_account")
                #expect(!answer.text.contains("alice"), "\(answer.text)")
                #expect(!answer.text.contains("ghost"), "\(answer.text)")
            }
            #expect(toKnown.json?["error"]?["message"]?.string == toUnknown.json?["error"]?["message"]?.string)
            #expect(try await client.get("/v1/transactions/\(txHash)").json?["status"]?.string == "prepared")
        }
    }
}
