import CEtPan

#if canImport(Glibc)
import Glibc
#endif

/// Builds libetpan `mailstream`s for the three transport modes and performs the STARTTLS switch,
/// shared by the IMAP and SMTP sessions.
package enum MailStreamFactory {
    package enum Failure: Error, Sendable {
        case connect(String)
        case tls(TLSError)
    }

    /// A connected stream: TLS from the first byte for `.implicit`, plain for `.starttls` (upgrade
    /// it with `upgradeToTLS` after the protocol's STARTTLS command) and `.none`.
    package static func open(
        to endpoint: some MailServerEndpoint,
        tls: TLSClientContext?
    ) -> Result<UnsafeMutablePointer<mailstream>, Failure> {
        let ioTimeout = endpoint.ioTimeout
        let socket: Int32
        switch TCPConnector.connect(host: endpoint.host, port: endpoint.port, connectTimeout: endpoint.connectTimeout, ioTimeout: ioTimeout) {
        case .success(let value): socket = value
        case .failure(let failure): return .failure(.connect(failure.message))
        }
        if endpoint.tls == .implicit, let tls {
            let connection: TLSConnection
            do {
                connection = try TLSConnection(socket: socket, context: tls, expectedHost: endpoint.expectedServerName)
            } catch {
                _ = close(socket)
                let server = TCPConnector.endpoint(host: endpoint.host, port: endpoint.port)
                return .failure(.tls(TLSError(code: error.code, message: "\(server): \(error.message)")))
            }
            guard let low = TLSStreamDriver.makeLowStream(over: connection) else {
                return .failure(.connect("out of memory making a stream"))
            }
            guard let stream = mailstream_new(low, 8192) else {
                mailstream_low_close(low)
                mailstream_low_free(low)
                return .failure(.connect("out of memory making a stream"))
            }
            return .success(stream)
        }
        guard let stream = mailstream_socket_open_timeout(socket, time_t(ioTimeout.wholeSecondsAtLeastOne)) else {
            _ = close(socket)
            return .failure(.connect("out of memory making a stream"))
        }
        return .success(stream)
    }

    /// Replaces the plain low stream under `stream` by a verified TLS one on the same socket, the
    /// way libetpan's own `mailimap_socket_starttls` does, after the server said yes to STARTTLS.
    /// Refuses when the server sent anything after its answer: those bytes were not protected
    /// and would otherwise be read as if they came over TLS (the STARTTLS injection of
    /// CVE-2020-15953, from which libetpan 1.9.4 does not protect).
    package static func upgradeToTLS(
        _ stream: UnsafeMutablePointer<mailstream>,
        tls: TLSClientContext,
        expectedHost: String
    ) -> Result<Void, TLSError> {
        guard stream.pointee.read_buffer_len == 0 else {
            return .failure(.handshakeFailed("server sent data after accepting STARTTLS (possible injection); refusing the connection"))
        }
        let plainLow = mailstream_get_low(stream)
        let socket = mailstream_low_get_fd(plainLow)
        guard socket >= 0 else { return .failure(.handshakeFailed("no socket to upgrade")) }
        let connection: TLSConnection
        do {
            connection = try TLSConnection(socket: socket, context: tls, expectedHost: expectedHost)
        } catch {
            return .failure(error)
        }
        guard let tlsLow = TLSStreamDriver.makeLowStream(over: connection) else {
            return .failure(.setupFailed("out of memory making a stream"))
        }
        // Frees the socket driver's bookkeeping without closing the socket, now owned by `connection`.
        mailstream_low_free(plainLow)
        mailstream_set_low(stream, tlsLow)
        return .success(())
    }

    /// The TLS connection under a stream, nil for a plain one.
    package static func tlsConnection(of stream: UnsafeMutablePointer<mailstream>?) -> TLSConnection? {
        guard let stream else { return nil }
        return TLSStreamDriver.connection(of: mailstream_get_low(stream))
    }
}
