import MailTransport

extension DovecotPeer {
    /// A poller for this Dovecot as the IMAP tests run it: implicit TLS trusting its CA, a poll every
    /// second, short time-outs and quick reconnects.
    public var pollerConfiguration: IMAPPollerConfiguration {
        IMAPPollerConfiguration(
            host: "127.0.0.1",
            port: imapsPort,
            tls: .implicit,
            caFile: caFile,
            username: username,
            password: password,
            pollInterval: .seconds(1),
            connectTimeout: .seconds(10),
            ioTimeout: .seconds(20),
            reconnectBackoff: RetryBackoff(minimum: .milliseconds(200), maximum: .seconds(1))
        )
    }
}
