/// Where and how `SMTPSender` delivers. Defaults: submission port 587 with STARTTLS.
public struct SMTPConfiguration: Sendable, Hashable {
    public var host: String
    public var port: UInt16
    public var tls: MailTransportSecurity
    /// PEM file of trusted CAs; nil uses the system store.
    public var caFile: String?
    /// The name the certificate must carry (and the SNI), when it differs from `host`.
    public var serverName: String?
    public var authentication: SMTPAuthentication?
    public var connectTimeout: Duration
    /// Bound on any single read or write, including the wait for the answer to DATA.
    public var ioTimeout: Duration

    public init(
        host: String,
        port: UInt16 = 587,
        tls: MailTransportSecurity = .starttls,
        caFile: String? = nil,
        serverName: String? = nil,
        authentication: SMTPAuthentication? = nil,
        connectTimeout: Duration = .seconds(15),
        ioTimeout: Duration = .seconds(120)
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.caFile = caFile
        self.serverName = serverName
        self.authentication = authentication
        self.connectTimeout = connectTimeout
        self.ioTimeout = ioTimeout
    }

    /// The name checked against the server certificate.
    public var expectedServerName: String { serverName ?? host }
}
