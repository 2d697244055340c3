import CEtPan
import Foundation

/// Owns one libetpan `mailsmtp` connection. Every method blocks and runs on the sender's
/// `BlockingLane`; nothing else touches the pointer, hence `@unchecked Sendable`.
final class SMTPSession: @unchecked Sendable {
    private let smtp: UnsafeMutablePointer<mailsmtp>
    /// `host:port`, for messages.
    private var endpoint = ""

    private init(smtp: UnsafeMutablePointer<mailsmtp>) {
        self.smtp = smtp
    }

    deinit {
        // Sends QUIT if still connected and closes the stream with its socket and TLS connection.
        mailsmtp_free(smtp)
    }

    /// Connects, says EHLO, upgrades with STARTTLS when configured (and says EHLO again, as RFC
    /// 3207 requires), and authenticates when configured.
    static func open(configuration: SMTPConfiguration, tls: TLSClientContext?) throws(SMTPError) -> SMTPSession {
        guard let smtp = mailsmtp_new(0, nil) else { throw .connectFailed("out of memory") }
        let session = SMTPSession(smtp: smtp)
        mailsmtp_set_timeout(smtp, time_t(configuration.ioTimeout.wholeSecondsAtLeastOne))

        let stream: UnsafeMutablePointer<mailstream>
        switch MailStreamFactory.open(to: configuration, tls: tls) {
        case .success(let value): stream = value
        case .failure(.connect(let message)): throw .connectFailed(message)
        case .failure(.tls(let error)): throw .tlsFailed(error)
        }
        // On failure libetpan closes the stream itself.
        let endpoint = TCPConnector.endpoint(host: configuration.host, port: configuration.port)
        session.endpoint = endpoint
        let greetingStarted = ContinuousClock.now
        let greeting = Int(mailsmtp_connect(smtp, stream))
        guard greeting == MAILSMTP_NO_ERROR else {
            let reply = Int(smtp.pointee.response_code)
            if greeting == MAILSMTP_ERROR_STREAM && reply == 0 {
                throw .connectFailed(
                    GreetingFailure.describe(
                        endpoint: endpoint,
                        protocol: "SMTP",
                        waited: ContinuousClock.now - greetingStarted,
                        timeout: configuration.ioTimeout
                    )
                )
            }
            throw .connectFailed(
                "\(endpoint) did not greet with 220: \(session.replyText)",
                replyCode: reply == 0 ? nil : reply
            )
        }
        try session.hello(requireESMTP: configuration.tls == .starttls)

        if configuration.tls == .starttls {
            guard let tls else { throw .tlsFailed(.setupFailed("no TLS context")) }
            guard smtp.pointee.esmtp & Int32(MAILSMTP_ESMTP_STARTTLS) != 0 else {
                throw .tlsFailed(.handshakeFailed("\(configuration.host) does not offer STARTTLS; refusing to send without TLS"))
            }
            let answer = Int(mailesmtp_starttls(smtp))
            guard answer == MAILSMTP_NO_ERROR else {
                throw .tlsFailed(.handshakeFailed("STARTTLS refused by \(configuration.host): \(session.replyText)"))
            }
            if case .failure(let error) = MailStreamFactory.upgradeToTLS(stream, tls: tls, expectedHost: configuration.expectedServerName) {
                throw .tlsFailed(error)
            }
            try session.hello(requireESMTP: true)
        }

        if let authentication = configuration.authentication {
            try session.authenticate(authentication)
        }
        return session
    }

    private func hello(requireESMTP: Bool) throws(SMTPError) {
        let result = Int(mailesmtp_ehlo(smtp))
        if result == MAILSMTP_NO_ERROR { return }
        if result == MAILSMTP_ERROR_STREAM { throw .temporary("connection lost during EHLO") }
        if !requireESMTP && result == MAILSMTP_ERROR_NOT_IMPLEMENTED {
            let helo = Int(mailsmtp_helo(smtp))
            if helo == MAILSMTP_NO_ERROR { return }
        }
        throw .connectFailed("EHLO refused: \(replyText)", replyCode: Int(smtp.pointee.response_code))
    }

    /// AUTH PLAIN or LOGIN written by hand: libetpan's own AUTH goes through Cyrus SASL, which
    /// needs plug-ins that may be missing; the commands are sent as private (never logged).
    private func authenticate(_ authentication: SMTPAuthentication) throws(SMTPError) {
        switch authentication {
        case .plain(let username, let password):
            let token = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            let reply = try exchange("AUTH PLAIN \(token)", private: true)
            try expectAuthenticated(reply)
        case .login(let username, let password):
            var reply = try exchange("AUTH LOGIN", private: false)
            guard reply == 334 else { return try expectAuthenticated(reply) }
            reply = try exchange(Data(username.utf8).base64EncodedString(), private: true)
            guard reply == 334 else { return try expectAuthenticated(reply) }
            reply = try exchange(Data(password.utf8).base64EncodedString(), private: true)
            try expectAuthenticated(reply)
        }
    }

    private func expectAuthenticated(_ reply: Int) throws(SMTPError) {
        if reply == 235 { return }
        if (400..<500).contains(reply) { throw .temporary("AUTH deferred: \(replyText)", replyCode: reply) }
        throw .authFailed("login refused by \(endpoint): AUTH answered \(replyText)", replyCode: reply)
    }

    /// Sends one command line and returns the reply code.
    private func exchange(_ line: String, private isPrivate: Bool) throws(SMTPError) -> Int {
        let command = strdup(line + "\r\n")
        defer { free(command) }
        let sent = isPrivate ? mailsmtp_send_command_private(smtp, command) : mailsmtp_send_command(smtp, command)
        guard sent == 0 else { throw .temporary("connection lost sending a command") }
        let reply = Int(mailsmtp_read_response(smtp))
        guard reply != 0 else { throw .temporary("connection lost waiting for a reply") }
        return reply
    }

    /// MAIL FROM, RCPT TO for each recipient, DATA with `message`. libetpan dot-stuffs the data
    /// and always appends CRLF.CRLF, so a final line end of the message is taken off first:
    /// otherwise every message would arrive with an extra empty line.
    func send(from: String, to recipients: [String], message: [UInt8]) throws(SMTPError) {
        var message = message[...]
        if message.last == 0x0A {
            message = message.dropLast()
            if message.last == 0x0D { message = message.dropLast() }
        }
        try check(mailsmtp_mail(smtp, from), "MAIL FROM")
        for recipient in recipients {
            try check(mailsmtp_rcpt(smtp, recipient), "RCPT TO <\(recipient)>")
        }
        try check(mailsmtp_data(smtp), "DATA")
        let result = message.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { mailsmtp_data_message(smtp, $0.baseAddress, $0.count) }
        }
        try check(result, "message data")
    }

    func quit() {
        if smtp.pointee.stream != nil {
            _ = mailsmtp_quit(smtp)
        }
    }

    private var replyText: String {
        guard let text = smtp.pointee.response else { return "no answer" }
        return String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func check(_ result: Int32, _ step: String) throws(SMTPError) {
        if Int(result) == MAILSMTP_NO_ERROR { return }
        let reply = Int(smtp.pointee.response_code)
        if Int(result) == MAILSMTP_ERROR_STREAM || reply == 0 {
            throw .temporary("connection lost during \(step)")
        }
        let text = "\(step): \(reply) \(replyText)"
        if (500..<600).contains(reply) { throw .rejected(text, replyCode: reply) }
        throw .temporary(text, replyCode: reply)
    }
}
