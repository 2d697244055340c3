import AccountEngine
import ChainmailTestSupport
import Foundation
import Testing

/// The three attacks of issue 11 through POST /v1/email on a live server: a mail that trapped the
/// Date parser, mails that held a core for minutes (a DKIM `h=` naming one header 20,000 times, a
/// Date of 20,000 `(`), and a stale mail made fresh by a relay. Each is answered with a clear code, in
/// bounded time, and the service goes on answering.
@Suite("POST /v1/email: the hostile mails of issue 11")
struct HostileMailTests {
    /// The generous bound on one hostile mail's answer. Measured when this was written (debug build,
    /// shared machine, three runs, the three mails sent at once, each request a fresh connection):
    /// 20,000 fields under an h= of 20,000 entries 34-49 ms, 999 fields under the same h= 42-56 ms, the
    /// Date of 20,000 `(` 34-48 ms; /healthz meanwhile 3-50 ms. The issue saw minutes: 2 s leaves room
    /// for a loaded machine, while any return of the quadratic look-up or the backtracking regex fails it.
    static let bound: Duration = .seconds(2)

    @Test("an 80-byte mail whose Date has a 17-digit year is answered with a code; GET /healthz is 200 after it")
    func dateYearOverflow() async throws {
        let raw = Array("From: a@b.c\r\nSubject: x\r\nDate: 1 Jan 99999999999999999 00:00:00 +0000\r\n\r\nx\r\n".utf8)
        #expect(raw.count <= 80)
        try await withLiveServer(dkimRecords: try HostileMail.section5DNS()) { server in
            let client = APIClient(server)
            // The Date is read before DKIM: it no longer traps, and the unsigned mail is refused as unsigned.
            let answer = try await client.send(.post, "/v1/email", body: raw, contentType: "message/rfc822")
            #expect(answer.status == 401, "\(answer.text)")
            #expect(answer.errorCode == "dkim_none", "\(answer.text)")
            // The same Date in a mail dkimpy signed without t=, h= covering it: the signature verifies,
            // and the Date that stands in for t= is unreadable, so nothing dates the mail.
            let signed = try HostileMail.section5("10-rejected-no-t-huge-year-date.eml")
            let signedAnswer = try await client.send(.post, "/v1/email", body: signed, contentType: "message/rfc822")
            #expect(signedAnswer.status == 401, "\(signedAnswer.text)")
            #expect(signedAnswer.errorCode == "mail_age_unknown", "\(signedAnswer.text)")
            let health = try await client.get("/healthz")
            #expect(health.status == 200, "\(health.text)")
        }
    }

    @Test("20,000 header fields under an h= naming one 20,000 times, and a Date of 20,000 '(', are each refused within 2 s while /healthz answers")
    func slowInputsAreBounded() async throws {
        let mails: [(name: String, raw: [UInt8], codes: Set<String>)] = [
            ("20,000 fields, h= of 20,000", HostileMail.manyHeaders(fields: 20_000, hEntries: 20_000), ["too_many_headers"]),
            // Within the header cap, the h= cap refuses it before any header is looked up.
            ("999 fields, h= of 20,000", HostileMail.manyHeaders(fields: 996, hEntries: 20_000), ["dkim_h_tag_too_long"]),
            // The Date is read before DKIM; the mail is unsigned, so its answer is dkim_none once the Date is read.
            ("Date of 20,000 '('", HostileMail.parenthesisDate(count: 20_000), ["dkim_none"]),
        ]
        try await withLiveServer { server in
            let client = APIClient(server)
            let clock = ContinuousClock()
            // Two hostile mails at once made /healthz time out for over a minute (issue 11): send all
            // of them together while /healthz is asked in a loop.
            async let health: [(status: Int, took: Duration)] = {
                var answers: [(Int, Duration)] = []
                for _ in 0..<10 {
                    let start = clock.now
                    let answer = try await client.get("/healthz")
                    answers.append((answer.status, start.duration(to: clock.now)))
                }
                return answers
            }()
            try await withThrowingTaskGroup(of: (String, APIAnswer, Duration).self) { group in
                for mail in mails {
                    group.addTask {
                        let start = clock.now
                        let answer = try await client.send(.post, "/v1/email", body: mail.raw, contentType: "message/rfc822")
                        return (mail.name, answer, start.duration(to: clock.now))
                    }
                }
                for try await (name, answer, took) in group {
                    let want = try #require(mails.first { $0.name == name })
                    #expect(answer.status == 400 || answer.status == 401, "\(name): \(answer.text)")
                    #expect(answer.errorCode.map(want.codes.contains) == true, "\(name): \(answer.text)")
                    #expect(took < Self.bound, "\(name) took \(took)")
                }
            }
            for (status, took) in try await health {
                #expect(status == 200)
                #expect(took < Self.bound, "/healthz took \(took)")
            }
        }
    }

    @Test("a stale mail with a fresh unsigned Date put on top is refused (date_multiple_fields), and as signed is too old")
    func staleMailWithFreshDate() async throws {
        let mail = try await MailPeer.make(algorithm: "rsa")
        try await withLiveServer(dkimRecords: try HostileMail.section5DNS() + "\n" + mail.dnsLine) { server in
            let client = APIClient(server)
            let alice = try Identities.oidc("alice@example.com")
            #expect(try await client.post("/v1/accounts", json: #"{"accountId":"alice","authIdentity":\#(alice.json.compactText)}"#).status == 201)
            let transaction = TransactionText.make(
                "alice",
                nonce: 0,
                [TransactionText.callChainSig(payload: TransactionText.randomPayload(), path: "ethereum,1")]
            )
            let txHash = try StrictJSONParser().parse(transaction).canonicalSHA256.hexString
            let body = "-----BEGIN CHAINMAIL TRANSACTION-----\n\(transaction)\n-----END CHAINMAIL TRANSACTION-----\n"

            // Signed two days ago (t= and Date): refused as too old, and with a fresh Date on top refused
            // as soon as the header is read.
            let twoDaysAgo = Int(Date().timeIntervalSince1970) - 2 * 86_400
            let stale = try await mail.sign(
                from: "alice@example.com",
                to: LiveServer.serviceMailbox,
                subject: "Approve \(txHash)",
                body: body,
                timestamp: twoDaysAgo
            )
            let tooOld = try await client.send(.post, "/v1/email", body: stale, contentType: "message/rfc822")
            #expect(tooOld.errorCode == "mail_too_old", "\(tooOld.text)")
            let freshDate = "Date: \(HostileMail.rfc5322Date(Date()))\r\n"
            let relayed = try await client.send(.post, "/v1/email", body: Array(freshDate.utf8) + stale, contentType: "message/rfc822")
            #expect(relayed.status == 400, "\(relayed.text)")
            #expect(relayed.errorCode == "date_multiple_fields", "\(relayed.text)")

            // The attack of the issue exactly: dkimpy signed without t=, the signed Date a month old,
            // a fresh unsigned Date on top (testdata/section5).
            let noTimestamp = try HostileMail.section5("07-rejected-stale-fresh-date-on-top.eml")
            let replayed = try await client.send(.post, "/v1/email", body: noTimestamp, contentType: "message/rfc822")
            #expect(replayed.status == 400, "\(replayed.text)")
            #expect(replayed.errorCode == "date_multiple_fields", "\(replayed.text)")
            let asSigned = try await client.send(
                .post,
                "/v1/email",
                body: try HostileMail.section5("08-rejected-stale-as-signed.eml"),
                contentType: "message/rfc822"
            )
            #expect(asSigned.errorCode == "mail_too_old", "\(asSigned.text)")

            // Nothing ran: alice's nonce is where it was, and GET /healthz still answers.
            #expect(try await client.get("/v1/accounts/alice").json?["nonce"]?.uint == 0)
            #expect(try await client.get("/healthz").status == 200)
        }
    }
}
