import CEtPan
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Opens TCP connections for the mail sessions: name resolution and a connect bounded by a
/// timeout (libetpan's `mail_tcp_connect_timeout`), then a blocking socket whose reads and
/// writes time out, so no blocking call can hang a session's thread for ever.
package enum TCPConnector {
    /// A connected blocking socket, or a message saying why not.
    package static func connect(host: String, port: UInt16, connectTimeout: Duration, ioTimeout: Duration) -> Result<Int32, ConnectFailure> {
        IgnoreSIGPIPE.once()
        errno = 0
        let socket = mail_tcp_connect_timeout(host, port, time_t(connectTimeout.wholeSecondsAtLeastOne))
        guard socket >= 0 else {
            let cause = errno == 0 ? "connection refused or timed out" : String(cString: strerror(errno))
            return .failure(ConnectFailure(message: "cannot connect to \(host):\(port): \(cause)"))
        }
        let flags = fcntl(socket, F_GETFL)
        if flags >= 0 { _ = fcntl(socket, F_SETFL, flags & ~O_NONBLOCK) }
        var timeout = timeval(tv_sec: ioTimeout.wholeSecondsAtLeastOne, tv_usec: 0)
        _ = setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return .success(socket)
    }

    package struct ConnectFailure: Error, Sendable {
        package var message: String
    }
}

/// Writing to a socket the peer has closed raises SIGPIPE, which kills the process by default;
/// neither libetpan's socket driver nor OpenSSL's socket BIO pass MSG_NOSIGNAL, so the process
/// ignores the signal once a mail connection is made and writes fail with EPIPE instead.
package enum IgnoreSIGPIPE {
    private static let installed: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()

    package static func once() { _ = installed }
}
