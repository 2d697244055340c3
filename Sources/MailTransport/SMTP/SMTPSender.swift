import Logging

/// Sends ready RFC 5322 messages through one SMTP server over libetpan's `mailsmtp`, with TLS by
/// OpenSSL (certificate and host name checked). One connection per message: replies are rare,
/// and a fresh connection never inherits the state of a failed one. Blocking calls run on a
/// private serial queue, so concurrent sends queue up rather than occupy the cooperative pool.
public final class SMTPSender: SMTPSending {
    public let configuration: SMTPConfiguration
    private let tls: TLSClientContext?
    private let lane: BlockingLane
    private let logger: Logger

    /// Fails at once when the CA file cannot be read.
    public init(configuration: SMTPConfiguration, logger: Logger = Logger(label: "chainmail.smtp")) throws(SMTPError) {
        self.configuration = configuration
        self.logger = logger
        do {
            tls = try TLSClientContext.required(for: configuration)
        } catch {
            throw .tlsFailed(error)
        }
        lane = BlockingLane(label: "chainmail.smtp.\(configuration.host)")
    }

    /// Delivers `data` (the whole message, headers and body, CRLF line ends) from `from` (may
    /// be empty: the null reverse-path) to every address in `to`. Any recipient refused
    /// permanently fails the whole send with `smtp_rejected`.
    public func send(from: String, to recipients: [String], data: [UInt8]) async throws(SMTPError) {
        try Self.validate(from: from, to: recipients, data: data)
        let configuration = configuration
        let tls = tls
        try await lane.run { () throws(SMTPError) in
            let session = try SMTPSession.open(configuration: configuration, tls: tls)
            try session.send(from: from, to: recipients, message: data)
            session.quit()
        }
        logger.debug("message sent", metadata: ["smtp.to": "\(recipients)", "size": "\(data.count)"])
    }

    /// Connects, says EHLO, upgrades to TLS and authenticates as `send` does, then quits.
    public func checkConnection() async throws(SMTPError) {
        let configuration = configuration
        let tls = tls
        try await lane.run { () throws(SMTPError) in
            let session = try SMTPSession.open(configuration: configuration, tls: tls)
            session.quit()
        }
    }

    /// Addresses go into command lines (libetpan also cuts commands at 512 bytes without a
    /// word), so anything that could end or stretch a line is refused before connecting.
    static func validate(from: String, to recipients: [String], data: [UInt8]) throws(SMTPError) {
        if recipients.isEmpty { throw .invalidRequest("no recipient") }
        if data.isEmpty { throw .invalidRequest("empty message") }
        for address in [from] + recipients {
            if address.utf8.count > 254 { throw .invalidRequest("address longer than 254 octets") }
            if address.utf8.contains(where: { $0 < 0x21 || $0 == 0x7F || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }) {
                throw .invalidRequest("address \(address.debugDescription) holds a space, control character or angle bracket")
            }
        }
        for address in recipients where address.isEmpty {
            throw .invalidRequest("empty recipient address")
        }
    }
}
