import ErrorCodes

/// Why a TLS connection was refused, with a stable `code` from the catalogue (`ErrorCode`).
public struct TLSError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String

    public init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

extension TLSError {
    /// The server's certificate chain does not lead to a trusted CA (or is expired, malformed, …).
    public static func certificateUntrusted(_ message: String) -> Self { .init(code: .tlsCertificateUntrusted, message: message) }
    /// The certificate is trusted but names another host than the one configured.
    public static func hostNameMismatch(_ message: String) -> Self { .init(code: .tlsHostnameMismatch, message: message) }
    /// The handshake failed for another reason: protocol version, ciphers, a peer that hung up.
    public static func handshakeFailed(_ message: String) -> Self { .init(code: .tlsHandshakeFailed, message: message) }
    /// The configured CA file cannot be read or holds no certificate.
    public static func caFileUnreadable(_ message: String) -> Self { .init(code: .tlsCaFileUnreadable, message: message) }
    /// OpenSSL could not set up a context or connection (out of memory, bad settings).
    public static func setupFailed(_ message: String) -> Self { .init(code: .tlsSetupFailed, message: message) }
}
