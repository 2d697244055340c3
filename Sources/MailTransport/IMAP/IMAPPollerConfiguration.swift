/// Everything the IMAP poller needs to know. Defaults suit a production mailbox over IMAPS.
public struct IMAPPollerConfiguration: Sendable, Hashable {
    public var host: String
    public var port: UInt16
    public var tls: MailTransportSecurity
    /// PEM file of trusted CAs; nil uses the system store.
    public var caFile: String?
    /// The name the certificate must carry (and the SNI), when it differs from `host`.
    public var serverName: String?
    public var username: String
    public var password: String
    public var mailbox: String
    public var afterProcessing: IMAPAfterProcessing
    /// Time between rounds when IDLE is not used.
    public var pollInterval: Duration
    /// Use IDLE when the server advertises it; otherwise poll every `pollInterval`.
    public var useIdle: Bool
    /// Longest single IDLE before it is renewed (RFC 2177 asks for less than 29 minutes).
    public var maxIdleTime: Duration
    public var connectTimeout: Duration
    /// Bound on any single read or write of a command in progress.
    public var ioTimeout: Duration
    public var reconnectBackoff: RetryBackoff
    /// Messages larger than this are not fetched: they are logged, marked and skipped (an email
    /// authorising a transaction is a few kilobytes; a huge one is refused before it costs memory).
    public var maxMessageSize: Int
    /// At most this many messages per round, so a flood is worked through in bounded rounds.
    public var batchSize: Int
    /// A message whose handling was begun this many times without returning (the process died or
    /// was killed on it) is set aside, marked with `$ChainmailSetAside`, instead of handed over again.
    public var maxAttempts: Int

    public init(
        host: String,
        port: UInt16 = 993,
        tls: MailTransportSecurity = .implicit,
        caFile: String? = nil,
        serverName: String? = nil,
        username: String,
        password: String,
        mailbox: String = "INBOX",
        afterProcessing: IMAPAfterProcessing = .default,
        pollInterval: Duration = .seconds(60),
        useIdle: Bool = true,
        maxIdleTime: Duration = .seconds(25 * 60),
        connectTimeout: Duration = .seconds(15),
        ioTimeout: Duration = .seconds(60),
        reconnectBackoff: RetryBackoff = RetryBackoff(minimum: .seconds(1), maximum: .seconds(300)),
        maxMessageSize: Int = 10 * 1024 * 1024,
        batchSize: Int = 100,
        maxAttempts: Int = 3
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.caFile = caFile
        self.serverName = serverName
        self.username = username
        self.password = password
        self.mailbox = mailbox
        self.afterProcessing = afterProcessing
        self.pollInterval = pollInterval
        self.useIdle = useIdle
        self.maxIdleTime = maxIdleTime
        self.connectTimeout = connectTimeout
        self.ioTimeout = ioTimeout
        self.reconnectBackoff = reconnectBackoff
        self.maxMessageSize = maxMessageSize
        self.batchSize = batchSize
        self.maxAttempts = maxAttempts
    }

    /// The name checked against the server certificate.
    public var expectedServerName: String { serverName ?? host }

    /// Refuses settings that cannot work or would let text be injected into IMAP commands.
    public func validate() throws(IMAPError) {
        if host.isEmpty { throw .invalidConfiguration("host is empty") }
        if mailbox.isEmpty { throw .invalidConfiguration("mailbox is empty") }
        for (name, value) in [("username", username), ("password", password), ("mailbox", mailbox)]
        where value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) {
            throw .invalidConfiguration("\(name) contains a line break or NUL")
        }
        switch afterProcessing {
        case .flag(let keyword):
            // RFC 3501 flag-keyword = atom: no spaces, parentheses, wildcards, quotes, backslash or ].
            let forbidden = Set("(){ %*\"\\]".utf8)
            if keyword.isEmpty || keyword.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F || forbidden.contains($0) }) {
                throw .invalidConfiguration("keyword \(keyword) is not an IMAP atom")
            }
        case .move(let target):
            if target.isEmpty || target == mailbox { throw .invalidConfiguration("move target must be another mailbox") }
            if target.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) {
                throw .invalidConfiguration("move target contains a line break or NUL")
            }
        }
        if maxMessageSize <= 0 || batchSize <= 0 { throw .invalidConfiguration("maxMessageSize and batchSize must be positive") }
        if maxAttempts <= 0 { throw .invalidConfiguration("maxAttempts must be positive") }
    }
}
