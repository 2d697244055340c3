import COpenSSL
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Owns one OpenSSL `SSL` object and the socket under it, after a handshake that verified the
/// certificate chain and the host name. Used only from the serial queue of the session that
/// owns the stream, so it needs no lock.
package final class TLSConnection: @unchecked Sendable {
    private let ssl: OpaquePointer
    /// The socket; -1 once closed.
    package private(set) var fileDescriptor: Int32
    private let context: TLSClientContext

    /// Verifies `expectedHost` the way a browser would: an IP literal must be in an IP SAN, a
    /// name in a DNS SAN. SNI is sent for names only (RFC 6066 forbids IP literals there).
    /// The socket must be blocking with send and receive timeouts already set; on success the
    /// connection owns it, on failure the caller still does.
    package init(socket: Int32, context: TLSClientContext, expectedHost: String) throws(TLSError) {
        OpenSSLErrors.clear()
        guard let ssl = SSL_new(context.context) else {
            throw .setupFailed("SSL_new failed: \(OpenSSLErrors.drain())")
        }
        self.ssl = ssl
        self.context = context
        self.fileDescriptor = -1

        let parameters = SSL_get0_param(ssl)
        if Self.isIPAddress(expectedHost) {
            guard X509_VERIFY_PARAM_set1_ip_asc(parameters, expectedHost) == 1 else {
                throw .setupFailed("cannot check certificate against IP \(expectedHost): \(OpenSSLErrors.drain())")
            }
        } else {
            X509_VERIFY_PARAM_set_hostflags(parameters, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
            guard SSL_set1_host(ssl, expectedHost) == 1 else {
                throw .setupFailed("cannot check certificate against host \(expectedHost): \(OpenSSLErrors.drain())")
            }
            guard chainmail_SSL_set_tlsext_host_name(ssl, expectedHost) == 1 else {
                throw .setupFailed("cannot send SNI \(expectedHost): \(OpenSSLErrors.drain())")
            }
        }
        guard SSL_set_fd(ssl, socket) == 1 else {
            throw .setupFailed("SSL_set_fd failed: \(OpenSSLErrors.drain())")
        }

        let result = SSL_connect(ssl)
        if result != 1 {
            throw Self.handshakeError(ssl: ssl, result: result, host: expectedHost)
        }
        // Belt and braces: VERIFY_PEER already aborts the handshake on any verification error.
        let verification = SSL_get_verify_result(ssl)
        guard verification == Int(X509_V_OK), let peer = SSL_get1_peer_certificate(ssl) else {
            throw .certificateUntrusted("server \(expectedHost) presented no verifiable certificate (verify result \(verification))")
        }
        X509_free(peer)
        self.fileDescriptor = socket
    }

    deinit {
        close()
        SSL_free(ssl)
    }

    /// Bytes OpenSSL has decrypted but not handed out yet: a poll() on the socket cannot see them.
    package var bufferedByteCount: Int { Int(SSL_pending(ssl)) }

    /// libetpan semantics: bytes read, 0 at end of stream, -1 on error or timeout.
    package func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        guard fileDescriptor >= 0 else { return -1 }
        OpenSSLErrors.clear()
        let result = SSL_read(ssl, buffer, Int32(clamping: count))
        if result > 0 { return Int(result) }
        let error = SSL_get_error(ssl, result)
        OpenSSLErrors.clear()
        return error == SSL_ERROR_ZERO_RETURN ? 0 : -1
    }

    /// libetpan semantics: bytes written (all of them) or -1.
    package func write(from buffer: UnsafeRawPointer, count: Int) -> Int {
        guard fileDescriptor >= 0 else { return -1 }
        if count == 0 { return 0 }
        OpenSSLErrors.clear()
        let result = SSL_write(ssl, buffer, Int32(clamping: count))
        if result > 0 { return Int(result) }
        OpenSSLErrors.clear()
        return -1
    }

    /// Sends close_notify (best effort, bounded by the socket's send timeout) and closes the socket.
    package func close() {
        guard fileDescriptor >= 0 else { return }
        OpenSSLErrors.clear()
        _ = SSL_shutdown(ssl)
        OpenSSLErrors.clear()
        _ = Glibc.close(fileDescriptor)
        fileDescriptor = -1
    }

    private static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    private static func handshakeError(ssl: OpaquePointer, result: Int32, host: String) -> TLSError {
        let sslError = SSL_get_error(ssl, result)
        let queue = OpenSSLErrors.drain()
        let verification = SSL_get_verify_result(ssl)
        if verification != Int(X509_V_OK) {
            let reason = String(cString: X509_verify_cert_error_string(verification))
            if verification == Int(X509_V_ERR_HOSTNAME_MISMATCH) || verification == Int(X509_V_ERR_IP_ADDRESS_MISMATCH) {
                return .hostNameMismatch("TLS host name check failed: the server's certificate is not valid for \(host) (\(reason))")
            }
            return .certificateUntrusted("TLS certificate verification failed for \(host): \(reason)")
        }
        if sslError == SSL_ERROR_SYSCALL {
            let cause = errno == 0 ? "the server closed the connection" : String(cString: strerror(errno))
            return .handshakeFailed("TLS handshake with \(host) failed: \(cause)\(queue.isEmpty ? "" : " (\(queue))")")
        }
        return .handshakeFailed("TLS handshake with \(host) failed: \(queue.isEmpty ? "SSL error \(sslError)" : queue)")
    }
}
