import HTTPTypes
import Hummingbird
import NIOCore

/// Who a request counts against: the peer's IP address, or, when the peer is one of
/// `http.trustedProxies`, the address that proxy put in `X-Forwarded-For` (the right-most one
/// that is not itself a trusted proxy). `X-Forwarded-For` from any other peer is ignored: a client
/// cannot choose whom it counts as. IPv6 clients count per /64, the block one host usually holds.
struct ClientAddress: Sendable, Hashable, CustomStringConvertible {
    /// The key of the client's buckets: an IPv4 address, or an IPv6 /64 prefix.
    let key: String

    var description: String { key }

    init(peer: SocketAddress?, headers: HTTPFields, trustedProxies: Set<String>) {
        var address = peer?.ipAddress ?? "unknown"
        if trustedProxies.contains(address) {
            let hops = headers[values: .xForwardedFor].flatMap { $0.split(separator: ",") }.map { $0.trimmingSpaces() }
            if let client = hops.reversed().first(where: { Self.isIPAddress($0) && !trustedProxies.contains($0) }) {
                address = client
            }
        }
        key = Self.bucketKey(address)
    }

    static func isIPAddress(_ text: String) -> Bool {
        (try? SocketAddress(ipAddress: text, port: 0)) != nil
    }

    /// An IPv6 address cut to its /64 prefix; anything else as given.
    static func bucketKey(_ address: String) -> String {
        guard address.contains(":"), let parsed = try? SocketAddress(ipAddress: address, port: 0),
            case .v6(let v6) = parsed
        else { return address }
        let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0.prefix(8)) }
        return bytes.map { String($0, radix: 16) }.joined(separator: ".") + "::/64"
    }
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
