import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Opens TCP connections for the mail sessions: name resolution, then a non-blocking connect to
/// each address in turn bounded by a timeout, whose outcome is read from `SO_ERROR` once the
/// socket is writable (the connect's own errno is only EINPROGRESS); then a blocking socket whose
/// reads and writes time out, so no blocking call can hang a session's thread for ever.
/// Runs on a session's `BlockingLane`, never on the cooperative pool.
package enum TCPConnector {
    /// A connected blocking socket, or why not, naming `host:port` and the real cause.
    package static func connect(host: String, port: UInt16, connectTimeout: Duration, ioTimeout: Duration) -> Result<Int32, ConnectFailure> {
        IgnoreSIGPIPE.once()
        let endpoint = Self.endpoint(host: host, port: port)
        let addresses: [ResolvedAddress]
        switch resolve(host: host, port: port) {
        case .success(let value): addresses = value
        case .failure(let cause): return .failure(ConnectFailure(endpoint: endpoint, cause: cause))
        }
        let deadline = ContinuousClock.now + connectTimeout
        var lastCause = ConnectFailure.Cause.timedOut(connectTimeout)
        candidates: for address in addresses {
            switch attempt(address, deadline: deadline, timeout: connectTimeout) {
            case .success(let socket):
                var timeout = timeval(tv_sec: ioTimeout.wholeSecondsAtLeastOne, tv_usec: 0)
                _ = setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                _ = setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                return .success(socket)
            case .failure(let cause):
                lastCause = cause
                if ContinuousClock.now >= deadline { break candidates }
            }
        }
        return .failure(ConnectFailure(endpoint: endpoint, cause: lastCause))
    }

    /// `host:port`, with brackets around an IPv6 literal.
    package static func endpoint(host: String, port: UInt16) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Why a connection could not be made, for a person: `cannot connect to 127.0.0.1:993: connection refused`.
    package struct ConnectFailure: Error, Sendable, CustomStringConvertible {
        package enum Cause: Error, Sendable, Equatable {
            /// Nothing listens on the port (RST to our SYN).
            case refused
            /// No answer within the connect timeout.
            case timedOut(Duration)
            /// No route to the host, or the network is unreachable.
            case unreachable(String)
            /// The host name does not resolve (or the resolver failed).
            case nameNotResolved(String)
            /// Another errno, in its own words.
            case other(String)
        }

        package var endpoint: String
        package var cause: Cause

        package var message: String {
            switch cause {
            case .refused: "cannot connect to \(endpoint): connection refused (nothing listens there)"
            case .timedOut(let timeout): "cannot connect to \(endpoint): timed out after \(timeout.wholeSecondsAtLeastOne) s"
            case .unreachable(let reason): "cannot connect to \(endpoint): \(reason)"
            case .nameNotResolved(let reason): "cannot connect to \(endpoint): name not resolved (\(reason))"
            case .other(let reason): "cannot connect to \(endpoint): \(reason)"
            }
        }

        package var description: String { message }
    }

    private struct ResolvedAddress {
        var family: Int32
        var socketType: Int32
        var protocolNumber: Int32
        var address: [UInt8]
    }

    private static func resolve(host: String, port: UInt16) -> Result<[ResolvedAddress], ConnectFailure.Cause> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = status == EAI_SYSTEM ? String(cString: strerror(errno)) : String(cString: gai_strerror(status))
            return .failure(.nameNotResolved("\(host): \(reason.lowercased())"))
        }
        defer { freeaddrinfo(first) }
        var addresses: [ResolvedAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let address = entry.pointee.ai_addr {
                let bytes = Array(UnsafeRawBufferPointer(start: address, count: Int(entry.pointee.ai_addrlen)))
                addresses.append(
                    ResolvedAddress(
                        family: entry.pointee.ai_family,
                        socketType: entry.pointee.ai_socktype,
                        protocolNumber: entry.pointee.ai_protocol,
                        address: bytes
                    )
                )
            }
            cursor = entry.pointee.ai_next
        }
        return addresses.isEmpty ? .failure(.nameNotResolved("\(host): no address")) : .success(addresses)
    }

    /// One non-blocking connect, waited for with poll() until `deadline`; the outcome is the
    /// socket's pending error (`SO_ERROR`), not the errno of the connect call.
    private static func attempt(
        _ address: ResolvedAddress,
        deadline: ContinuousClock.Instant,
        timeout: Duration
    ) -> Result<Int32, ConnectFailure.Cause> {
        let socket = Glibc.socket(address.family, address.socketType | Int32(SOCK_CLOEXEC.rawValue), address.protocolNumber)
        guard socket >= 0 else { return .failure(cause(errno: errno, timeout: timeout)) }
        let flags = fcntl(socket, F_GETFL)
        _ = fcntl(socket, F_SETFL, flags | O_NONBLOCK)
        let started = address.address.withUnsafeBytes { raw in
            Glibc.connect(socket, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        var failure: Int32 = started == 0 ? 0 : errno
        if started != 0 && failure == EINPROGRESS {
            failure = waitForConnect(socket, deadline: deadline)
        }
        guard failure == 0 else {
            _ = close(socket)
            return .failure(cause(errno: failure, timeout: timeout))
        }
        _ = fcntl(socket, F_SETFL, flags & ~O_NONBLOCK)
        return .success(socket)
    }

    /// Waits for the socket to become writable, then returns its `SO_ERROR` (0: connected);
    /// ETIMEDOUT when the deadline passes first.
    private static func waitForConnect(_ socket: Int32, deadline: ContinuousClock.Instant) -> Int32 {
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return ETIMEDOUT }
            let milliseconds = Int32(clamping: remaining.wholeMilliseconds + 1)
            var descriptor = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 { return errno }
            if ready == 0 { continue }
            var pending: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(socket, SOL_SOCKET, SO_ERROR, &pending, &length) == 0 else { return errno }
            return pending
        }
    }

    private static func cause(errno code: Int32, timeout: Duration) -> ConnectFailure.Cause {
        switch code {
        case ECONNREFUSED: .refused
        case ETIMEDOUT: .timedOut(timeout)
        case EHOSTUNREACH: .unreachable("host unreachable")
        case ENETUNREACH: .unreachable("network unreachable")
        default: .other(String(cString: strerror(code)).lowercased())
        }
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
