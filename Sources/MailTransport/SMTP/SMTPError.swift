import ErrorCodes

/// An SMTP failure with a stable `code` from the catalogue (`ErrorCode`). `replyCode` is the
/// server's three-digit answer when there was one.
public struct SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String
    public var replyCode: Int?
    /// The `TLSError.code` when `code` is `smtp_tls_failed`.
    public var tlsCode: ErrorCode?

    public init(code: ErrorCode, message: String, replyCode: Int? = nil, tlsCode: ErrorCode? = nil) {
        self.code = code
        self.message = message
        self.replyCode = replyCode
        self.tlsCode = tlsCode
    }

    public var description: String { "\(code): \(message)" }

    /// Retrying the same message cannot succeed: abandon it.
    public var isPermanent: Bool { code == .smtpRejected || code == .smtpInvalidRequest }

    /// The server cannot be used at all right now (down, TLS or credentials wrong): other
    /// messages would fail the same way, so a sending loop should stop for this round.
    public var affectsServer: Bool { code == .smtpConnectFailed || code == .smtpTlsFailed || code == .smtpAuthFailed }
}

extension SMTPError {
    /// No TCP connection, or no 220 greeting.
    public static func connectFailed(_ message: String, replyCode: Int? = nil) -> Self {
        .init(code: .smtpConnectFailed, message: message, replyCode: replyCode)
    }
    /// TLS (implicit or STARTTLS) failed: untrusted certificate, wrong host name, no STARTTLS offered, handshake error.
    public static func tlsFailed(_ error: TLSError) -> Self { .init(code: .smtpTlsFailed, message: error.message, tlsCode: error.code) }
    /// AUTH refused or not offered; a configuration problem, retried like a temporary failure.
    public static func authFailed(_ message: String, replyCode: Int? = nil) -> Self {
        .init(code: .smtpAuthFailed, message: message, replyCode: replyCode)
    }
    /// A permanent (5xx) answer to MAIL, RCPT or DATA.
    public static func rejected(_ message: String, replyCode: Int?) -> Self { .init(code: .smtpRejected, message: message, replyCode: replyCode) }
    /// A transient (4xx) answer, a lost connection or a timeout.
    public static func temporary(_ message: String, replyCode: Int? = nil) -> Self {
        .init(code: .smtpTemporary, message: message, replyCode: replyCode)
    }
    /// The request itself is unusable (address with a line break, empty message, no recipient).
    public static func invalidRequest(_ message: String) -> Self { .init(code: .smtpInvalidRequest, message: message) }
}
