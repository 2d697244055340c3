import ArgumentParser
import DKIMVerifier

/// The resolver used when no `--dns-file` is given: libunbound, validating DNSSEC against the
/// system trust anchor, through the given servers or else the system's resolvers.
enum SystemKeyResolver {
    /// `servers` are `ADDRESS` or `ADDRESS@PORT`. An explicit server is typically a local test
    /// server that does not sign its zone, so DNSSEC validation is only used without one.
    static func make(forwarders servers: [String]) throws -> any KeyResolver {
        var configuration = UnboundKeyResolver.Configuration(forwarders: servers)
        if !servers.isEmpty { configuration.trustAnchorFile = nil }
        do {
            return try UnboundKeyResolver(configuration: configuration)
        } catch {
            throw ValidationError("cannot start the DNS resolver: \(error.message)")
        }
    }
}
