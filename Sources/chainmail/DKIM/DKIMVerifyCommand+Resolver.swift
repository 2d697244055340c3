import ArgumentParser
import DKIMVerifier
import Foundation

extension DKIMVerifyCommand {
    /// The DNS settings: the `dns:` section of `--config` (the defaults without it), each flag
    /// replacing one setting. `--dns-server` and `--dns-file` each replace where keys come from,
    /// so either one overrides the other's setting from the file.
    func resolverSettings() throws -> DNSResolverSettings {
        var settings = DNSResolverSettings()
        if let config {
            switch ServeConfiguration.read(path: config) {
            case .success(let read): settings = read.dns
            case .failure(let problems): throw DNSSettingsProblem(message: "\(problems)")
            }
        }
        if !dnsServers.isEmpty {
            settings.servers = dnsServers
            settings.staticFile = nil
        }
        if let dnsFile {
            settings.staticFile = dnsFile
            settings.servers = []
        }
        if let trustAnchor { settings.trustAnchorFile = trustAnchor }
        if let dnsTimeout { settings.timeoutSeconds = dnsTimeout }
        return settings
    }

    /// The resolver `chainmail serve` would build from the same settings.
    func makeResolver() throws -> any KeyResolver {
        do {
            return try resolverSettings().makeResolver()
        } catch let error as UnboundResolverError {
            throw DNSSettingsProblem(message: "cannot start the DNS resolver: \(error.message)")
        }
    }
}

/// DNS settings `chainmail dkim verify` cannot use: printed without the usage text, exit 64.
struct DNSSettingsProblem: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
