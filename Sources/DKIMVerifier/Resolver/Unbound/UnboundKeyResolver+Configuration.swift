import ErrorCodes
import Foundation

extension UnboundKeyResolver {
    /// Where and how an ``UnboundKeyResolver`` asks.
    public struct Configuration: Sendable, Equatable {
        /// Servers to forward every query to, as `IP` or `IP@port` (`"127.0.0.1@5353"`, `"::1"`).
        /// When empty, the servers of `/etc/resolv.conf`; when that file names none, libunbound
        /// resolves by itself from the root servers. Forwarders named here are also asked about
        /// names under `test.`, which libunbound otherwise answers NXDOMAIN itself.
        public var forwarders: [String]

        /// A file of root trust anchors (DS or DNSKEY records) that turns DNSSEC validation on;
        /// `nil` turns it off and every answer is `.insecure`. Defaults to Debian's
        /// `/usr/share/dns/root.key` when it exists. Validation needs forwarders that pass DNSSEC
        /// records through (any recursive resolver does); a small test server that does not
        /// makes every answer bogus, so point tests at one with `nil` here.
        public var trustAnchorFile: String?

        /// How long one query may take before it is answered with a `timeout` failure.
        public var queryTimeout: Duration

        /// How many names the answer cache holds at most; 0 turns the cache off.
        public var cacheCapacity: Int

        /// The longest time a record is cached, whatever its TTL says. This and
        /// ``maximumNegativeCacheTTL`` also bound libunbound's own cache, where they are
        /// process-wide: the last resolver created sets them for every resolver.
        public var maximumCacheTTL: Duration

        /// The longest time an NXDOMAIN or no-data answer is cached (it is never cached longer
        /// than its SOA allows). Temporary failures are never cached.
        public var maximumNegativeCacheTTL: Duration

        public init(
            forwarders: [String] = [],
            trustAnchorFile: String? = Configuration.systemTrustAnchorFile,
            queryTimeout: Duration = .seconds(5),
            cacheCapacity: Int = 10_000,
            maximumCacheTTL: Duration = .seconds(3600),
            maximumNegativeCacheTTL: Duration = .seconds(60)
        ) {
            self.forwarders = forwarders
            self.trustAnchorFile = trustAnchorFile
            self.queryTimeout = queryTimeout
            self.cacheCapacity = cacheCapacity
            self.maximumCacheTTL = maximumCacheTTL
            self.maximumNegativeCacheTTL = maximumNegativeCacheTTL
        }

        /// `/usr/share/dns/root.key` (Debian's `dns-root-data`) when it exists, else `nil`.
        public static var systemTrustAnchorFile: String? {
            let path = "/usr/share/dns/root.key"
            return FileManager.default.isReadableFile(atPath: path) ? path : nil
        }

        func validate() throws(UnboundResolverError) {
            guard queryTimeout > .zero else {
                throw UnboundResolverError(code: .invalidConfiguration, message: "queryTimeout must be positive")
            }
            guard cacheCapacity >= 0, maximumCacheTTL >= .zero, maximumNegativeCacheTTL >= .zero else {
                throw UnboundResolverError(code: .invalidConfiguration, message: "cache limits must not be negative")
            }
            if let trustAnchorFile, !FileManager.default.isReadableFile(atPath: trustAnchorFile) {
                throw UnboundResolverError(
                    code: .trustAnchorUnreadable,
                    message: "cannot read trust anchor file \(trustAnchorFile)"
                )
            }
        }

        /// Whether a forwarder is on the loopback network, which libunbound refuses to query
        /// unless told otherwise.
        static func isLoopback(_ forwarder: String) -> Bool {
            let host = forwarder.split(separator: "@", maxSplits: 1).first.map(String.init) ?? forwarder
            if host.hasPrefix("127.") { return true }
            var address = in6_addr()
            if inet_pton(AF_INET6, host, &address) == 1 {
                var loopback = in6addr_loopback
                return withUnsafeBytes(of: &address) { a in withUnsafeBytes(of: &loopback) { b in a.elementsEqual(b) } }
            }
            return false
        }
    }
}
