import ChainmailTestSupport
import Foundation
import Logging
import MailIngest
import MailTransport
import Testing

/// The poller against a real Dovecot (scripts/peers/dovecot.sh), with Python's imaplib as the
/// independent client that puts mail in and reads the flags back.
@Suite("IMAP poller against Dovecot", .timeLimit(.minutes(5)))
struct IMAPPollerTests {
    private func configuration(
        _ peer: DovecotPeer,
        tls: MailTransportSecurity = .implicit,
        mailbox: String = "INBOX",
        afterProcessing: IMAPAfterProcessing = .default,
        useIdle: Bool = true,
        maxMessageSize: Int = 10 * 1024 * 1024
    ) -> IMAPPollerConfiguration {
        IMAPPollerConfiguration(
            host: "127.0.0.1",
            port: tls == .implicit ? peer.imapsPort : peer.imapPort,
            tls: tls,
            caFile: peer.caFile,
            username: peer.username,
            password: peer.password,
            mailbox: mailbox,
            afterProcessing: afterProcessing,
            pollInterval: .seconds(1),
            useIdle: useIdle,
            connectTimeout: .seconds(10),
            ioTimeout: .seconds(20),
            reconnectBackoff: RetryBackoff(minimum: .milliseconds(200), maximum: .seconds(1)),
            maxMessageSize: maxMessageSize
        )
    }

    /// Runs the poller in a task for the duration of `body`, then cancels it and waits for it.
    private func whileRunning(_ poller: IMAPPoller, _ body: () async throws -> Void) async throws {
        let task = Task { await poller.run() }
        do {
            try await body()
        } catch {
            task.cancel()
            await task.value
            throw error
        }
        task.cancel()
        await task.value
    }

    @Test("hands each appended message over exactly once, byte for byte, and flags it \\Seen and $ChainmailProcessed")
    func flagsHandledMessages() async throws {
        try await withDovecot { peer in
            let handler = RecordingHandler()
            let poller = try IMAPPoller(configuration: configuration(peer), handler: handler)
            let messages = (1...3).map { testMessage(subject: "message \($0)") }
            try await peer.append(messages)
            try await whileRunning(poller) {
                #expect(await eventually { await handler.count >= 3 })
                // More rounds (a wake-up and a new message) must not hand the first three again.
                try await peer.append([testMessage(subject: "message 4")])
                poller.wake()
                #expect(await eventually { await handler.count >= 4 })
                try await Task.sleep(for: .seconds(2))
            }
            let received = await handler.received
            #expect(received.count == 4)
            #expect(Set(received.map(\.uid)).count == 4)
            #expect(received.prefix(3).map(\.raw) == messages)
            let state = try await peer.state()
            #expect(received.allSatisfy { $0.uidValidity == state.uidvalidity && $0.mailbox == "INBOX" })
            for mail in received {
                let flags = try #require(state.flags(uid: mail.uid))
                #expect(flags.contains("\\Seen"))
                #expect(flags.contains("$ChainmailProcessed"))
            }
        }
    }

    @Test("a message answered .retryLater stays unmarked and is handed over again")
    func retryLaterLeavesMessageUnmarked() async throws {
        try await withDovecot { peer in
            let handler = RecordingHandler(answer: .retryLater)
            let poller = try IMAPPoller(configuration: configuration(peer), handler: handler)
            try await peer.append([testMessage(subject: "not yet")])
            try await whileRunning(poller) {
                #expect(await eventually { await handler.count >= 3 })
            }
            let received = await handler.received
            #expect(Set(received.map(\.uid)).count == 1)
            let state = try await peer.state()
            let flags = try #require(state.flags(uid: received[0].uid))
            #expect(!flags.contains("\\Seen"))
            #expect(!flags.contains("$ChainmailProcessed"))
        }
    }

    @Test("over STARTTLS, in move mode, handled messages end up in the target mailbox")
    func startTLSAndMove() async throws {
        try await withDovecot { peer in
            let handler = RecordingHandler()
            let poller = try IMAPPoller(
                configuration: configuration(peer, tls: .starttls, afterProcessing: .move(to: "Processed")),
                handler: handler
            )
            try await peer.append([testMessage(subject: "one"), testMessage(subject: "two")])
            try await whileRunning(poller) {
                #expect(await eventually { await handler.count >= 2 })
                #expect(await eventually { (try? await peer.state().messages.isEmpty) == true })
            }
            #expect(await handler.count == 2)
            let processed = try await peer.state(of: "Processed")
            #expect(processed.messages.count == 2)
            #expect(processed.messages.values.allSatisfy { $0.contains("\\Seen") })
        }
    }

    @Test("plain IMAP on 127.0.0.1 works only because tls: none is configured")
    func plainWhenConfigured() async throws {
        try await withDovecot { peer in
            let poller = try IMAPPoller(configuration: configuration(peer, tls: .none), handler: RecordingHandler())
            let uidValidity = try await poller.checkConnection()
            #expect(uidValidity == (try await peer.state().uidvalidity))
        }
    }

    @Test("a client trusting another CA refuses the server, naming the certificate", arguments: [MailTransportSecurity.implicit, .starttls])
    func wrongCAIsRefused(tls: MailTransportSecurity) async throws {
        try await withDovecot { peer in
            let otherCA = try PeerProcess.temporaryDirectory("chainmail-other-ca")
            defer { try? FileManager.default.removeItem(at: otherCA) }
            try await PeerProcess.check(["bash", PeerProcess.script("make_test_ca.sh"), otherCA.path])
            var settings = configuration(peer, tls: tls)
            settings.caFile = otherCA.appendingPathComponent("tls/ca.crt").path
            let handler = RecordingHandler()
            let poller = try IMAPPoller(configuration: settings, handler: handler)
            let error = await #expect(throws: IMAPError.self) { try await poller.checkConnection() }
            #expect(error?.code.name == "imap_tls_failed")
            #expect(error?.tlsCode?.name == "tls_certificate_untrusted")
            #expect(error?.message.contains("certificate") == true)

            // The running poller never logs in, so never hands anything over.
            try await peer.append([testMessage(subject: "must not be read")])
            try await whileRunning(poller) { try await Task.sleep(for: .seconds(2)) }
            #expect(await handler.count == 0)
        }
    }

    @Test("a certificate for another host name is refused, naming the host name", arguments: [MailTransportSecurity.implicit, .starttls])
    func wrongHostNameIsRefused(tls: MailTransportSecurity) async throws {
        try await withDovecot { peer in
            var settings = configuration(peer, tls: tls)
            settings.serverName = "mail.example.org"
            let poller = try IMAPPoller(configuration: settings, handler: RecordingHandler())
            let error = await #expect(throws: IMAPError.self) { try await poller.checkConnection() }
            #expect(error?.code.name == "imap_tls_failed")
            #expect(error?.tlsCode?.name == "tls_hostname_mismatch")
            #expect(error?.message.contains("host name") == true)

            // The same server under a name its certificate carries is accepted.
            settings.serverName = "localhost"
            try await IMAPPoller(configuration: settings, handler: RecordingHandler()).checkConnection()
        }
    }

    @Test("an unreadable CA file fails when the poller is made")
    func unreadableCAFile() throws {
        var settings = IMAPPollerConfiguration(host: "127.0.0.1", username: "u", password: "p")
        settings.caFile = "/nonexistent/ca.pem"
        let error = #expect(throws: IMAPError.self) { try IMAPPoller(configuration: settings, handler: RecordingHandler()) }
        #expect(error?.tlsCode?.name == "tls_ca_file_unreadable")
    }

    @Test("a keyword that is not an IMAP atom is refused before connecting")
    func invalidKeyword() {
        let settings = IMAPPollerConfiguration(
            host: "127.0.0.1",
            username: "u",
            password: "p",
            afterProcessing: .flag(keyword: "bad keyword")
        )
        let error = #expect(throws: IMAPError.self) { try IMAPPoller(configuration: settings, handler: RecordingHandler()) }
        #expect(error?.code.name == "imap_invalid_configuration")
    }

    @Test("after Dovecot is stopped and started again, the poller reconnects and later mail arrives", arguments: [true, false])
    func reconnectsAfterRestart(useIdle: Bool) async throws {
        try await withDovecot { peer in
            let handler = RecordingHandler()
            let poller = try IMAPPoller(configuration: configuration(peer, useIdle: useIdle), handler: handler)
            try await whileRunning(poller) {
                try await peer.append([testMessage(subject: "before")])
                #expect(await eventually { await handler.count >= 1 })
                await peer.stop()
                try await Task.sleep(for: .seconds(2))
                try await peer.restart()
                try await peer.append([testMessage(subject: "after")])
                #expect(await eventually { await handler.count >= 2 })
            }
            let subjects = await handler.received.map { String(decoding: $0.raw, as: UTF8.self) }
            #expect(subjects.count == 2)
            #expect(subjects.last?.contains("Subject: after") == true)
        }
    }

    @Test("when UIDVALIDITY changes, messages under reused UIDs are handed over as new")
    func uidValidityChange() async throws {
        try await withDovecot { peer in
            try await peer.createMailbox("Chain")
            let handler = RecordingHandler()
            let poller = try IMAPPoller(configuration: configuration(peer, mailbox: "Chain"), handler: handler)
            try await whileRunning(poller) {
                try await peer.append([testMessage(subject: "first life")], to: "Chain")
                #expect(await eventually { await handler.count >= 1 })
                try await peer.recreateMailbox("Chain")
                try await peer.append([testMessage(subject: "second life")], to: "Chain")
                poller.wake()
                #expect(await eventually { await handler.count >= 2 })
            }
            let received = await handler.received
            try #require(received.count == 2)
            #expect(received[0].uid == received[1].uid)
            #expect(received[0].uidValidity != received[1].uidValidity)
            #expect(received[1].uidValidity == (try await peer.state(of: "Chain").uidvalidity))
            #expect(String(decoding: received[1].raw, as: UTF8.self).contains("second life"))
        }
    }

    @Test("a message over the size limit is marked without being handed over; smaller ones are")
    func oversizedMessageIsSkipped() async throws {
        try await withDovecot { peer in
            let handler = RecordingHandler()
            let poller = try IMAPPoller(configuration: configuration(peer, maxMessageSize: 2000), handler: handler)
            let big = testMessage(subject: "big", body: String(repeating: "x", count: 5000))
            let small = testMessage(subject: "small")
            try await peer.append([big, small])
            try await whileRunning(poller) {
                #expect(await eventually { await handler.count >= 1 })
                #expect(
                    await eventually {
                        let state = try? await peer.state()
                        return state?.messages.values.allSatisfy { $0.contains("$ChainmailProcessed") } == true
                    }
                )
            }
            let received = await handler.received
            #expect(received.map(\.raw) == [small])
        }
    }
}
