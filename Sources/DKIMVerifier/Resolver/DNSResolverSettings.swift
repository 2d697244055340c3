import ErrorCodes
import Foundation

/// Where DKIM keys come from: the `dns:` section of the configuration, read the same way by
/// `chainmail serve` and `chainmail dkim verify --config`, so that a mail gets the same verdict
/// from both. ``makeResolver()`` is the one place a resolver is built from settings.
///
/// Defaults (docs/dns.md): the system's resolvers (`/etc/resolv.conf`), DNSSEC validation with
/// Debian's root trust anchor `/usr/share/dns/root.key` whenever that file exists (whatever the
/// servers), 5 seconds a query. Validation is turned off only by saying so: `trustAnchorFile: none`.
public struct DNSResolverSettings: Sendable, Equatable, Decodable {
    /// The `trustAnchorFile` value that turns DNSSEC validation off.
    public static let noTrustAnchor = "none"
    /// The default trust anchor: Debian's `dns-root-data`.
    public static let systemTrustAnchorPath = "/usr/share/dns/root.key"
    public static let defaultTimeoutSeconds = 5
    /// The setting names of the `dns:` section.
    public static let settingNames = ["servers", "trustAnchorFile", "timeoutSeconds", "staticFile"]

    /// DNS servers (`ADDRESS` or `ADDRESS@PORT`) every query is sent to; empty: the system's
    /// resolvers (`/etc/resolv.conf`).
    public var servers: [String]
    /// A file of DNSSEC trust anchors (DS or DNSKEY records), or `none`; `nil`: the system's
    /// (``systemTrustAnchorPath`` when it exists, else no validation).
    public var trustAnchorFile: String?
    /// How long one query may take.
    public var timeoutSeconds: Int
    /// Keys from a file in the format of Mail::DKIM's `FAKE_DNS.dat` instead of the DNS.
    public var staticFile: String?

    public init(
        servers: [String] = [],
        trustAnchorFile: String? = nil,
        timeoutSeconds: Int = DNSResolverSettings.defaultTimeoutSeconds,
        staticFile: String? = nil
    ) {
        self.servers = servers
        self.trustAnchorFile = trustAnchorFile
        self.timeoutSeconds = timeoutSeconds
        self.staticFile = staticFile
    }

    /// The trust anchor file validation uses, or `nil` when answers are not validated.
    public var effectiveTrustAnchorFile: String? {
        guard let trustAnchorFile else {
            return FileManager.default.isReadableFile(atPath: Self.systemTrustAnchorPath) ? Self.systemTrustAnchorPath : nil
        }
        return trustAnchorFile == Self.noTrustAnchor ? nil : trustAnchorFile
    }

    /// The libunbound resolver's configuration for these settings (`staticFile` aside).
    public var unboundConfiguration: UnboundKeyResolver.Configuration {
        UnboundKeyResolver.Configuration(
            forwarders: servers,
            trustAnchorFile: effectiveTrustAnchorFile,
            queryTimeout: .seconds(timeoutSeconds)
        )
    }

    /// The resolver these settings describe: the `staticFile`'s table, or libunbound.
    ///
    /// - Throws: ``UnboundResolverError`` naming the setting at fault: `invalid_configuration`
    ///   (an unreadable static file, `staticFile` beside `servers`, a time-out that is not
    ///   positive), `invalid_forwarder`, `trust_anchor_unreadable` or `resolver_setup_failed`.
    public func makeResolver() throws(UnboundResolverError) -> any KeyResolver {
        if let problem = problem {
            throw UnboundResolverError(code: .invalidConfiguration, message: problem)
        }
        if let staticFile {
            do {
                return try StaticKeyResolver(fakeDNSFile: staticFile)
            } catch {
                throw UnboundResolverError(code: .invalidConfiguration, message: "dns.staticFile: cannot read \(staticFile)")
            }
        }
        do {
            return try UnboundKeyResolver(configuration: unboundConfiguration)
        } catch {
            let setting =
                switch error.code {
                case .invalidForwarder: "dns.servers: "
                case .trustAnchorUnreadable: "dns.trustAnchorFile: "
                default: "dns: "
                }
            throw UnboundResolverError(code: error.code, message: setting + error.message)
        }
    }

    /// What a value breaks, in words that name the setting; `nil` when the settings hold together.
    public var problem: String? {
        settingProblem.map { "dns.\($0.setting.rawValue): \($0.text)" }
    }

    private var settingProblem: (setting: Key, text: String)? {
        if timeoutSeconds <= 0 || timeoutSeconds > 300 {
            return (.timeoutSeconds, "\(timeoutSeconds) is not a number of seconds from 1 to 300")
        }
        if staticFile != nil, !servers.isEmpty {
            return (.staticFile, "excludes dns.servers: keys come from the file or from the DNS")
        }
        if trustAnchorFile == "" {
            return (.trustAnchorFile, "give a file of trust anchors or none")
        }
        if servers.contains(where: { $0.isEmpty }) {
            return (.servers, "an empty server: give ADDRESS or ADDRESS@PORT")
        }
        return nil
    }

    /// One line for the start-up log: where keys come from and whether answers are validated.
    public var summary: String {
        if let staticFile { return "keys from the static file \(staticFile), no DNS" }
        let where_ = servers.isEmpty ? "the system's resolvers (/etc/resolv.conf)" : servers.joined(separator: ", ")
        let validation =
            if let anchor = effectiveTrustAnchorFile {
                "DNSSEC validation with the trust anchor \(anchor)"
            } else if trustAnchorFile == Self.noTrustAnchor {
                "no DNSSEC validation (trustAnchorFile: none)"
            } else {
                "no DNSSEC validation (\(Self.systemTrustAnchorPath) is missing: install dns-root-data)"
            }
        return "queries \(where_), \(validation), \(timeoutSeconds) s a query"
    }

    private enum Key: String, CodingKey, CaseIterable {
        case servers, trustAnchorFile, timeoutSeconds, staticFile
    }

    /// Strict: an unknown setting or a bad value is an error that names it and what is accepted.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyDNSKey.self)
        if let unknown = container.allKeys.first(where: { Key(rawValue: $0.stringValue) == nil }) {
            throw DecodingError.dataCorruptedError(
                forKey: unknown,
                in: container,
                debugDescription: "unknown setting \(unknown.stringValue) (dns takes \(Self.settingNames.joined(separator: ", ")))"
            )
        }
        self.init()
        servers = try container.decodeIfPresent([String].self, forKey: AnyDNSKey(Key.servers)) ?? []
        trustAnchorFile = try container.decodeIfPresent(String.self, forKey: AnyDNSKey(Key.trustAnchorFile))
        timeoutSeconds = try container.decodeIfPresent(Int.self, forKey: AnyDNSKey(Key.timeoutSeconds)) ?? Self.defaultTimeoutSeconds
        staticFile = try container.decodeIfPresent(String.self, forKey: AnyDNSKey(Key.staticFile))
        if let found = settingProblem {
            throw DecodingError.dataCorruptedError(forKey: AnyDNSKey(found.setting), in: container, debugDescription: found.text)
        }
    }

    private struct AnyDNSKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ key: Key) { stringValue = key.rawValue }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
