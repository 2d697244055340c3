import ChainmailTestSupport
import Foundation
import MailIngest
import MailTransport
import Testing

/// Connection failures name host:port and the real cause (issue 13: a refused connection was
/// logged as "Operation now in progress", the errno of the non-blocking connect).
@Suite("precise network errors: refused, timed out, silent server, unknown name, login refused", .timeLimit(.minutes(5)))
struct NetworkErrorTests {
    private func imap(port: UInt16, host: String = "127.0.0.1", connectTimeout: Duration = .seconds(10)) -> IMAPPollerConfiguration {
        IMAPPollerConfiguration(
            host: host,
            port: port,
            tls: .none,
            username: "nobody",
            password: "nothing",
            connectTimeout: connectTimeout,
            ioTimeout: .seconds(2)
        )
    }

    private func smtp(port: UInt16, host: String = "127.0.0.1") -> SMTPConfiguration {
        SMTPConfiguration(host: host, port: port, tls: .none, connectTimeout: .seconds(10), ioTimeout: .seconds(2))
    }

    @Test("a closed port is 'connection refused' on host:port for IMAP and SMTP, never 'Operation now in progress'")
    func closedPortRefused() async throws {
        let port = try await freeTCPPort()
        let imapError = await #expect(throws: IMAPError.self) {
            try await IMAPPoller(configuration: imap(port: port), handler: NoHandler()).checkConnection()
        }
        #expect(imapError?.code.name == "imap_connect_failed")
        #expect(imapError?.message == "cannot connect to 127.0.0.1:\(port): connection refused (nothing listens there)")
        let smtpError = await #expect(throws: SMTPError.self) {
            try await SMTPSender(configuration: smtp(port: port)).send(from: "a@example.net", to: ["b@example.org"], data: Array("x\r\n".utf8))
        }
        #expect(smtpError?.code.name == "smtp_connect_failed")
        #expect(smtpError?.message == "cannot connect to 127.0.0.1:\(port): connection refused (nothing listens there)")
        #expect(smtpError?.message.contains("in progress") == false)
    }

    @Test("a host that drops the SYN (a listener whose queue is full) is 'timed out after N s' on host:port")
    func connectTimesOut() async throws {
        let listener = try SilentListener(backlog: 0)
        listener.fill()
        let port = listener.port
        let result = try await ProcessRunner.onBlockingThread {
            TCPConnector.connect(host: "127.0.0.1", port: port, connectTimeout: .seconds(2), ioTimeout: .seconds(2))
        }
        guard case .failure(let failure) = result else {
            Issue.record("connected to a listener whose queue is full")
            return
        }
        #expect(failure.cause == .timedOut(.seconds(2)))
        #expect(failure.message == "cannot connect to 127.0.0.1:\(port): timed out after 2 s")
        withExtendedLifetime(listener) {}
    }

    @Test("a listener that accepts and never answers is 'no greeting … timed out' on host:port for IMAP and SMTP")
    func silentServer() async throws {
        let listener = try SilentListener()
        let imapError = await #expect(throws: IMAPError.self) {
            try await IMAPPoller(configuration: imap(port: listener.port), handler: NoHandler()).checkConnection()
        }
        #expect(imapError?.message == "no IMAP greeting from 127.0.0.1:\(listener.port): timed out after 2 s")
        let smtpError = await #expect(throws: SMTPError.self) {
            try await SMTPSender(configuration: smtp(port: listener.port)).send(
                from: "a@example.net",
                to: ["b@example.org"],
                data: Array("x\r\n".utf8)
            )
        }
        #expect(smtpError?.message == "no SMTP greeting from 127.0.0.1:\(listener.port): timed out after 2 s")
        withExtendedLifetime(listener) {}
    }

    @Test("a name that does not resolve is 'name not resolved' naming it")
    func unknownName() async throws {
        let error = await #expect(throws: IMAPError.self) {
            try await IMAPPoller(configuration: imap(port: 993, host: "no-such-host.invalid"), handler: NoHandler()).checkConnection()
        }
        #expect(error?.code.name == "imap_connect_failed")
        #expect(
            error?.message.hasPrefix("cannot connect to no-such-host.invalid:993: name not resolved (no-such-host.invalid: ") == true,
            "\(error?.message ?? "")"
        )
    }

    @Test("Dovecot refusing the password is imap_login_failed naming host:port and the user")
    func loginRefused() async throws {
        try await withDovecot { dovecot in
            var configuration = dovecot.pollerConfiguration
            configuration.password = "wrong"
            let error = await #expect(throws: IMAPError.self) {
                try await IMAPPoller(configuration: configuration, handler: NoHandler()).checkConnection()
            }
            #expect(error?.code.name == "imap_login_failed")
            #expect(
                error?.message.hasPrefix("login refused by 127.0.0.1:\(dovecot.imapsPort) for \(dovecot.username): ") == true,
                "\(error?.message ?? "")"
            )
        }
    }

    @Test("an implicit-TLS server whose certificate is for another name is a TLS failure naming host:port and the cause")
    func tlsHostNameMismatch() async throws {
        try await withDovecot { dovecot in
            var configuration = dovecot.pollerConfiguration
            configuration.serverName = "imap.example.org"
            let error = await #expect(throws: IMAPError.self) {
                try await IMAPPoller(configuration: configuration, handler: NoHandler()).checkConnection()
            }
            #expect(error?.code.name == "imap_tls_failed")
            #expect(error?.tlsCode?.name == "tls_hostname_mismatch")
            #expect(error?.message.hasPrefix("127.0.0.1:\(dovecot.imapsPort): TLS host name check failed") == true, "\(error?.message ?? "")")
        }
    }
}

/// A handler for pollers that only check their connection.
private struct NoHandler: IMAPMessageHandler {
    func handle(_ mail: FetchedMail) async -> MailHandling { .done }
}
