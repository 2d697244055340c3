import MailTransport

extension SMTPSinkPeer {
    /// How chainmail reaches this sink: STARTTLS with the sink's own CA, generous time-outs for a
    /// busy test machine, and `authentication` when the sink was started with `--auth`.
    public func configuration(authentication: SMTPAuthentication? = nil) -> SMTPConfiguration {
        SMTPConfiguration(
            host: "127.0.0.1",
            port: port,
            tls: .starttls,
            caFile: caFile,
            authentication: authentication,
            connectTimeout: .seconds(10),
            ioTimeout: .seconds(20)
        )
    }
}
