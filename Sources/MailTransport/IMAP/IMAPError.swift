import ErrorCodes

/// An IMAP failure with a stable `code` from the catalogue (`ErrorCode`). TLS refusals keep
/// OpenSSL's reason in `message` (for example "TLS certificate verification failed for 127.0.0.1:
/// unable to get local issuer certificate") and the `TLSError` code in `tlsCode`.
public struct IMAPError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String
    /// The `TLSError.code` when `code` is `imap_tls_failed`.
    public var tlsCode: ErrorCode?

    public init(code: ErrorCode, message: String, tlsCode: ErrorCode? = nil) {
        self.code = code
        self.message = message
        self.tlsCode = tlsCode
    }

    public var description: String { "\(code): \(message)" }
}

extension IMAPError {
    /// The TCP connection could not be made, or the server did not greet.
    public static func connectFailed(_ message: String) -> Self { .init(code: .imapConnectFailed, message: message) }
    /// TLS (implicit or STARTTLS) failed: untrusted certificate, wrong host name, no STARTTLS offered, handshake error.
    public static func tlsFailed(_ error: TLSError) -> Self { .init(code: .imapTlsFailed, message: error.message, tlsCode: error.code) }
    /// The server refused the user name or password.
    public static func loginFailed(_ message: String) -> Self { .init(code: .imapLoginFailed, message: message) }
    /// The mailbox cannot be selected (missing, no rights).
    public static func mailboxUnavailable(_ message: String) -> Self { .init(code: .imapMailboxUnavailable, message: message) }
    /// The server answered NO or BAD to a command, or sent something libetpan cannot parse.
    public static func commandFailed(_ message: String) -> Self { .init(code: .imapCommandFailed, message: message) }
    /// The connection broke or timed out in the middle of a command.
    public static func connectionLost(_ message: String) -> Self { .init(code: .imapConnectionLost, message: message) }
    /// The configuration cannot work (empty host, keyword with spaces, …); retrying will not help.
    public static func invalidConfiguration(_ message: String) -> Self { .init(code: .imapInvalidConfiguration, message: message) }
}
