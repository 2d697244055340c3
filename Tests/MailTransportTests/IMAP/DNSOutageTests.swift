import AccountEngine
import ChainSigner
import ChainmailMetrics
import ChainmailTestSupport
import DKIMVerifier
import Foundation
import MailIngest
import MailTransport
import Testing

/// Issue 13's bad day, for real: the DNS server behind the Unbound resolver goes down while
/// approval mails (signed by dkimpy with a key only that server publishes) arrive in Dovecot; the
/// poller hands them to the pipeline, whose key look-ups fail temporarily; after two minutes the
/// server starts again on the same port. Every mail must then be executed once and answered once
/// (counted at the SMTP sink by In-Reply-To), none lost, none answered twice; each also gets one
/// notice that it is delayed, since the outage outlasts `delayNoticeSeconds`.
@Suite("IMAP: DNS down while approval mails arrive, back after two minutes", .timeLimit(.minutes(12)))
struct DNSOutageTests {
    static let domain = "outage.example"
    static let sender = "alice@\(domain)"
    static let serviceAddress = "wallet@chainmail.test"
    static let mailCount = 20
    static let outage: Duration = .seconds(120)

    @Test(
        "DNS down while 20 approval mails arrive over IMAP, back after 2 minutes: all 20 executed once and answered once, none lost",
        arguments: PipelineFixture.Store.allCases
    )
    func approvalsSurviveAnOutage(_ kind: PipelineFixture.Store) async throws {
        let key = try await Self.keygen()
        let sink = try await SMTPSinkPeer.start()
        let directory = try PeerProcess.temporaryDirectory("chainmail-dns-outage")
        defer {
            sink.cleanUp()
            try? FileManager.default.removeItem(at: directory)
        }
        let zone = DNSTestZone(zone: Self.domain, records: [.txt(key.dnsName, text: key.dnsRecord)])
        try await DNSTestServer.withServer(zone) { dns in
            try await run(key: key, dns: dns, sink: sink, directory: directory, store: kind)
        }
    }

    private func run(key: DKIMKey, dns: DNSTestServer, sink: SMTPSinkPeer, directory: URL, store kind: PipelineFixture.Store) async throws {
        let (store, ledger) = try await kind.open(in: directory)
        let engine = AccountEngine(store: store, signer: try LocalSigner(dataDirectory: directory.path, predecessor: "chainmail.testnet"))
        let identity = try AuthIdentity(.oidc(issuer: "https://accounts.example.com", clientId: "chainmail-client", email: Self.sender))
        var mails: [(messageID: String, txHash: String, raw: [UInt8])] = []
        for index in 1...Self.mailCount {
            let accountId = "outage-\(index)"
            _ = try await engine.createAccount(id: accountId, identities: [identity])
            let transaction = TransactionText.make(accountId, nonce: 0, [TransactionText.callChainSig(payload: TransactionText.randomPayload())])
            let txHash = try StrictJSONParser().parse(transaction).canonicalSHA256.hexString
            let body = "Approve.\n\n-----BEGIN CHAINMAIL TRANSACTION-----\n\(transaction)\n-----END CHAINMAIL TRANSACTION-----\n"
            let raw = try await key.sign(from: "Alice <\(Self.sender)>", to: Self.serviceAddress, subject: "Approve \(txHash)", body: body)
            let messageID = try #require(Self.header("Message-ID", in: raw))
            mails.append((messageID, txHash, raw))
        }

        let metrics = ChainmailMetrics()
        let resolver = try UnboundKeyResolver(configuration: .init(forwarders: [dns.forwarder], trustAnchorFile: nil, queryTimeout: .seconds(2)))
        let replier = SMTPReplier(
            sender: try SMTPSender(
                configuration: sink.configuration()
            ),
            outbox: ledger,
            configuration: SMTPReplierConfiguration(pollInterval: .milliseconds(500)),
            metrics: metrics
        )
        var policy = EmailPolicy()
        policy.retryFirstSeconds = 2
        policy.retryMaximumSeconds = 8
        policy.delayNoticeSeconds = 60
        let pipeline = MailPipeline(
            engine: engine,
            keyResolver: resolver,
            ledger: ledger,
            policy: policy,
            serviceAddress: Self.serviceAddress,
            metrics: metrics,
            replyQueued: { replier.wake() }
        )

        await dns.stop()
        let downAt = ContinuousClock.now
        try await withDovecot { dovecot in
            let poller = try IMAPPoller(configuration: dovecot.pollerConfiguration, handler: pipeline, checkpoints: ledger, metrics: metrics)
            let polling = Task { await poller.run() }
            let replying = Task { await replier.run() }
            defer {
                polling.cancel()
                replying.cancel()
            }
            try await dovecot.append(mails.map(\.raw))

            // While DNS is down: every mail is left in the mailbox with a deferral, nothing is executed.
            let allDeferred = await eventually(timeout: .seconds(90)) {
                await Self.deferralCount(ledger, uids: 1...UInt32(Self.mailCount), uidValidity: try? await dovecot.state().uidvalidity)
                    == Self.mailCount
            }
            #expect(allDeferred, "every mail is deferred while DNS is down")
            #expect(metrics.componentStatuses()[.dns]?.ready == false, "DNS reported not ready")
            let flaggedDuringOutage = try await dovecot.state().messages.values.filter { $0.contains(IMAPAfterProcessing.defaultKeyword) }
            #expect(flaggedDuringOutage.isEmpty, "no mail is marked processed while DNS is down")
            for index in 1...Self.mailCount {
                #expect(try await engine.account(id: "outage-\(index)").nonce == 0)
            }

            try await Task.sleep(until: downAt.advanced(by: Self.outage))
            try await dns.restart()

            // Back: each mail executed once, answered once; and told once, during the outage, that it was delayed.
            let allAnswered = await eventually(timeout: .seconds(300), every: .seconds(1)) {
                Self.replies(sink).filter { $0.status == "executed" }.count >= Self.mailCount
            }
            #expect(allAnswered, "all \(Self.mailCount) mails answered within 5 minutes of DNS coming back")
            let allMarked = await eventually(timeout: .seconds(60)) {
                let state = try? await dovecot.state()
                return state?.messages.count == Self.mailCount
                    && state?.messages.values.allSatisfy { $0.contains(IMAPAfterProcessing.defaultKeyword) } == true
            }
            #expect(allMarked, "every mail is marked processed in the mailbox")
            // Let the replier finish anything still queued before counting duplicates.
            #expect(await eventually(timeout: .seconds(30)) { (try? await ledger.pending(limit: 100).isEmpty) == true })
            polling.cancel()
            replying.cancel()
            await polling.value
            await replying.value
        }
        #expect(metrics.componentStatuses()[.dns]?.ready == true, "DNS reported ready again")

        let replies = Self.replies(sink)
        for mail in mails {
            let answers = replies.filter { $0.inReplyTo == mail.messageID }
            #expect(answers.filter { $0.status == "executed" }.count == 1, "\(mail.messageID): \(answers.map(\.status))")
            #expect(answers.filter { $0.status == "delayed" }.count == 1, "\(mail.messageID): \(answers.map(\.status))")
            #expect(answers.count == 2, "\(mail.messageID): \(answers.map(\.status))")
            #expect(answers.allSatisfy { $0.subject.contains(mail.txHash) })
            #expect(try await engine.executedTransaction(txHash: mail.txHash) != nil)
        }
        for index in 1...Self.mailCount {
            #expect(try await engine.account(id: "outage-\(index)").nonce == 1, "outage-\(index) executed exactly once")
        }
    }

    // MARK: - Support

    /// How many of the mailbox's messages have a deferral recorded.
    static func deferralCount(_ ledger: any MailLedger, uids: ClosedRange<UInt32>, uidValidity: UInt32?) async -> Int {
        guard let uidValidity else { return 0 }
        var count = 0
        for uid in uids {
            let key = MailSource.imap(mailbox: "INBOX", uidValidity: uidValidity, uid: uid).redeliveryKey!
            if (try? await ledger.deferral(redeliveryKey: key)) != nil { count += 1 }
        }
        return count
    }

    struct Reply {
        let inReplyTo: String
        let subject: String
        /// The `status:` line of the technical details (`executed`, `delayed`, …).
        let status: String
    }

    static func replies(_ sink: SMTPSinkPeer) -> [Reply] {
        sink.received().map { received in
            let text = String(decoding: received.data, as: UTF8.self)
            let status = text.components(separatedBy: "\r\n").first { $0.hasPrefix("status: ") }.map { String($0.dropFirst(8)) } ?? ""
            return Reply(
                inReplyTo: header("In-Reply-To", in: received.data) ?? "",
                subject: header("Subject", in: received.data) ?? "",
                status: status
            )
        }
    }

    /// The unfolded value of the first header field `name`.
    static func header(_ name: String, in raw: [UInt8]) -> String? {
        let text = String(decoding: raw, as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
        let unfolded = head.replacingOccurrences(of: "\r\n ", with: " ").replacingOccurrences(of: "\r\n\t", with: " ")
        for line in unfolded.components(separatedBy: "\r\n") where line.lowercased().hasPrefix(name.lowercased() + ":") {
            return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// An Ed25519 DKIM key made by dkimpy's side (scripts/peers/dkim_sign_api_mail.py), and the mails it signs.
    struct DKIMKey {
        let selector: String
        let privateKey: String
        let dnsName: String
        let dnsRecord: String

        func sign(from: String, to: String, subject: String, body: String) async throws -> [UInt8] {
            let answer = try await PythonPeer.run(
                "dkim_sign_api_mail.py",
                input: .object([
                    "mode": .string("sign"), "algorithm": .string("ed25519"), "privateKey": .string(privateKey),
                    "domain": .string(DNSOutageTests.domain), "selector": .string(selector), "from": .string(from), "to": .string(to),
                    "subject": .string(subject), "body": .string(body),
                ])
            )
            guard let message = answer["message"]?.stringValue, let data = Data(base64Encoded: message) else {
                throw PeerProcess.Failure(description: "dkim_sign_api_mail.py signed nothing: \(answer.compactText)")
            }
            return Array(data)
        }
    }

    static func keygen() async throws -> DKIMKey {
        let selector = "s\(UInt32.random(in: 1...UInt32.max))"
        let answer = try await PythonPeer.run(
            "dkim_sign_api_mail.py",
            input: .object(["mode": .string("keygen"), "algorithm": .string("ed25519"), "domain": .string(domain), "selector": .string(selector)])
        )
        return DKIMKey(
            selector: selector,
            privateKey: answer["privateKey"]?.stringValue ?? "",
            dnsName: answer["dnsName"]?.stringValue ?? "",
            dnsRecord: answer["dnsRecord"]?.stringValue ?? ""
        )
    }
}
