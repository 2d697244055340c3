import ChainmailTestSupport
import Foundation
import MailIngest
import MailTransport
import Testing

/// SMTPSender and SMTPReplier against the aiosmtpd sink (scripts/peers/smtp_sink.py).
@Suite("SMTP sender and replier against an aiosmtpd sink", .timeLimit(.minutes(5)))
struct SMTPSenderTests {
    private func settings(_ sink: SMTPSinkPeer, authentication: SMTPAuthentication? = nil) -> SMTPConfiguration {
        sink.configuration(authentication: authentication)
    }

    /// A reply with a line that starts with a dot (dot-stuffing) and an 8-bit byte.
    private let message: [UInt8] = Array(
        "From: chainmail@example.net\r\nTo: alice@example.org\r\nSubject: Re: tx 0xabc\r\nIn-Reply-To: <m1@example.org>\r\n\r\n.a line starting with a dot\r\n..two dots\r\nprix: 10 \u{20AC}\r\n"
            .utf8
    )

    @Test("a message sent through STARTTLS with AUTH reaches the sink with the exact bytes", arguments: ["plain", "login"])
    func sendsExactBytes(mechanism: String) async throws {
        let sink = try await SMTPSinkPeer.start(arguments: ["--auth", "relay:s3cret"])
        defer { sink.cleanUp() }
        let authentication: SMTPAuthentication =
            mechanism == "plain" ? .plain(username: "relay", password: "s3cret") : .login(username: "relay", password: "s3cret")
        let sender = try SMTPSender(configuration: settings(sink, authentication: authentication))
        try await sender.send(from: "chainmail@example.net", to: ["alice@example.org"], data: message)
        let received = sink.received()
        try #require(received.count == 1)
        #expect(received[0].data == message)
        #expect(received[0].envelope["mail_from"] as? String == "chainmail@example.net")
        #expect(received[0].envelope["rcpt_tos"] as? [String] == ["alice@example.org"])
        #expect(received[0].envelope["tls"] as? Bool == true)
        #expect(received[0].envelope["authenticated"] as? Bool == true)
    }

    @Test("a wrong password is smtp_auth_failed and nothing is delivered")
    func wrongPassword() async throws {
        let sink = try await SMTPSinkPeer.start(arguments: ["--auth", "relay:s3cret"])
        defer { sink.cleanUp() }
        let sender = try SMTPSender(configuration: settings(sink, authentication: .plain(username: "relay", password: "wrong")))
        let error = await #expect(throws: SMTPError.self) {
            try await sender.send(from: "chainmail@example.net", to: ["alice@example.org"], data: message)
        }
        #expect(error?.code.name == "smtp_auth_failed")
        #expect(sink.received().isEmpty)
    }

    @Test("a sink certificate from another CA, or for another host name, is refused with smtp_tls_failed")
    func refusesUntrustedSink() async throws {
        let sink = try await SMTPSinkPeer.start()
        defer { sink.cleanUp() }
        let otherCA = try PeerProcess.temporaryDirectory("chainmail-other-ca")
        defer { try? FileManager.default.removeItem(at: otherCA) }
        try await PeerProcess.check(["bash", PeerProcess.script("make_test_ca.sh"), otherCA.path])

        var wrongCA = settings(sink)
        wrongCA.caFile = otherCA.appendingPathComponent("tls/ca.crt").path
        let caError = await #expect(throws: SMTPError.self) {
            try await SMTPSender(configuration: wrongCA).send(from: "a@example.net", to: ["b@example.org"], data: message)
        }
        #expect(caError?.code.name == "smtp_tls_failed")
        #expect(caError?.tlsCode?.name == "tls_certificate_untrusted")
        #expect(caError?.message.contains("certificate") == true)

        var wrongName = settings(sink)
        wrongName.serverName = "smtp.example.org"
        let nameError = await #expect(throws: SMTPError.self) {
            try await SMTPSender(configuration: wrongName).send(from: "a@example.net", to: ["b@example.org"], data: message)
        }
        #expect(nameError?.code.name == "smtp_tls_failed")
        #expect(nameError?.tlsCode?.name == "tls_hostname_mismatch")
        #expect(sink.received().isEmpty)
    }

    @Test("addresses that could inject SMTP commands are refused before connecting")
    func refusesInjection() async throws {
        let sender = try SMTPSender(configuration: SMTPConfiguration(host: "127.0.0.1", port: 9, tls: .none))
        for (from, to) in [("a@example.net\r\nRSET", "b@example.org"), ("a@example.net", "b@example.org> NOTIFY=NEVER"), ("a@example.net", "")] {
            let error = await #expect(throws: SMTPError.self) { try await sender.send(from: from, to: [to], data: message) }
            #expect(error?.code.name == "smtp_invalid_request")
        }
    }

    @Test("with the sink down the replier backs off and retries, and delivers once the sink is back")
    func replierRetriesUntilSinkIsBack() async throws {
        let port = try await freeTCPPort()
        let sink = try await SMTPSinkPeer.prepare(port: port)
        defer { sink.cleanUp() }
        let outbox = InMemoryOutboxStore()
        await outbox.enqueue(OutgoingMail(id: "reply-1", from: "chainmail@example.net", to: ["alice@example.org"], data: message))
        let replier = SMTPReplier(
            sender: try SMTPSender(configuration: settings(sink)),
            outbox: outbox,
            configuration: SMTPReplierConfiguration(
                pollInterval: .milliseconds(100),
                retryBackoff: RetryBackoff(minimum: .milliseconds(300), maximum: .seconds(1), jitter: 0)
            )
        )
        let task = Task { await replier.run() }
        defer { task.cancel() }

        let start = ContinuousClock.now
        #expect(await eventually { (await outbox.entry(id: "reply-1")?.mail.attempts ?? 0) >= 2 })
        try await Task.sleep(for: .seconds(3))
        let deferred = try #require(await outbox.entry(id: "reply-1"))
        let elapsed = start.duration(to: .now)
        #expect(deferred.status == .pending)
        #expect(deferred.lastError?.code.name == "smtp_connect_failed")
        // Backoff: at least 0.3 s between attempts, although the outbox is looked at every 0.1 s.
        let ceiling = Int(Double(elapsed.components.seconds) / 0.3) + 2
        #expect(deferred.mail.attempts <= ceiling, "\(deferred.mail.attempts) attempts in \(elapsed)")

        try await sink.start()
        #expect(await eventually { await outbox.entry(id: "reply-1")?.status == .sent })
        task.cancel()
        await task.value
        let received = sink.received()
        #expect(received.count == 1)
        #expect(received.first?.data == message)
    }

    @Test("a 5xx answer abandons the message; a 4xx one keeps it for a later attempt")
    func permanentAndTemporaryRefusals() async throws {
        let sink = try await SMTPSinkPeer.start(arguments: ["--reject-rcpt", "rejected", "--defer-rcpt", "deferred"])
        defer { sink.cleanUp() }
        let outbox = InMemoryOutboxStore()
        await outbox.enqueue(OutgoingMail(id: "bad", from: "chainmail@example.net", to: ["rejected@example.org"], data: message))
        await outbox.enqueue(OutgoingMail(id: "later", from: "chainmail@example.net", to: ["deferred@example.org"], data: message))
        await outbox.enqueue(OutgoingMail(id: "good", from: "chainmail@example.net", to: ["alice@example.org"], data: message))
        let replier = SMTPReplier(sender: try SMTPSender(configuration: settings(sink)), outbox: outbox)
        let pass = await replier.drainOnce()
        #expect(
            pass
                == {
                    var p = SMTPReplier.Pass()
                    p.sent = 1
                    p.failed = 1
                    p.abandoned = 1
                    return p
                }()
        )

        guard case .abandoned(let reason) = await outbox.entry(id: "bad")?.status else {
            Issue.record("the rejected message was not abandoned")
            return
        }
        #expect(reason.contains("smtp_rejected"))
        #expect(reason.contains("550"))
        let later = try #require(await outbox.entry(id: "later"))
        #expect(later.status == .pending)
        #expect(later.mail.attempts == 1)
        #expect(later.lastError?.code.name == "smtp_temporary")
        #expect(later.lastError?.replyCode == 451)
        #expect(await outbox.entry(id: "good")?.status == .sent)
        #expect(sink.received().count == 1)
        // The deferred one is not due yet: a second pass leaves it alone.
        #expect(await replier.drainOnce() == SMTPReplier.Pass())
    }
}
