/// How an IMAP or SMTP connection is protected.
public enum MailTransportSecurity: String, Sendable, Hashable, Codable, CaseIterable {
    /// TLS from the first byte (IMAPS on 993, SMTPS on 465).
    case implicit
    /// A plain connection upgraded with STARTTLS before any credential is sent; a server that
    /// does not offer STARTTLS is refused rather than used in the clear.
    case starttls
    /// No encryption at all. Only for tests against 127.0.0.1, and only when configured explicitly.
    case none
}
