/// An SMTP failure with a stable `code`. `replyCode` is the server's three-digit answer when
/// there was one.
public struct SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var replyCode: Int?
    /// The `TLSError.code` when `code` is `smtp_tls_failed`.
    public var tlsCode: String?

    public init(code: String, message: String, replyCode: Int? = nil, tlsCode: String? = nil) {
        self.code = code
        self.message = message
        self.replyCode = replyCode
        self.tlsCode = tlsCode
    }

    public var description: String { "\(code): \(message)" }

    /// Retrying the same message cannot succeed: abandon it.
    public var isPermanent: Bool { code == "smtp_rejected" || code == "smtp_invalid_request" }

    /// The server cannot be used at all right now (down, TLS or credentials wrong): other
    /// messages would fail the same way, so a sending loop should stop for this round.
    public var affectsServer: Bool { code == "smtp_connect_failed" || code == "smtp_tls_failed" || code == "smtp_auth_failed" }
}

extension SMTPError {
    /// No TCP connection, or no 220 greeting.
    public static func connectFailed(_ message: String, replyCode: Int? = nil) -> Self {
        .init(code: "smtp_connect_failed", message: message, replyCode: replyCode)
    }
    /// TLS (implicit or STARTTLS) failed: untrusted certificate, wrong host name, no STARTTLS offered, handshake error.
    public static func tlsFailed(_ error: TLSError) -> Self { .init(code: "smtp_tls_failed", message: error.message, tlsCode: error.code) }
    /// AUTH refused or not offered; a configuration problem, retried like a temporary failure.
    public static func authFailed(_ message: String, replyCode: Int? = nil) -> Self {
        .init(code: "smtp_auth_failed", message: message, replyCode: replyCode)
    }
    /// A permanent (5xx) answer to MAIL, RCPT or DATA.
    public static func rejected(_ message: String, replyCode: Int?) -> Self { .init(code: "smtp_rejected", message: message, replyCode: replyCode) }
    /// A transient (4xx) answer, a lost connection or a timeout.
    public static func temporary(_ message: String, replyCode: Int? = nil) -> Self {
        .init(code: "smtp_temporary", message: message, replyCode: replyCode)
    }
    /// The request itself is unusable (address with a line break, empty message, no recipient).
    public static func invalidRequest(_ message: String) -> Self { .init(code: "smtp_invalid_request", message: message) }
}
