import AccountEngine
import Foundation
import HTTPAPI
import MailIngest
import MailTransport
import Yams

/// `chainmail serve --config F`: every setting, read from YAML. `config/chainmail.example.yaml`
/// documents each one; absent sections take the defaults shown there.
struct ServeConfiguration: Decodable {
    var dataDirectory = "./.chainmail"
    var predecessor = "chainmail.testnet"
    var logLevel = "info"
    var authentication = AuthenticationSettings()
    var email = EmailSection()
    var dns = DNSSection()
    var imap: IMAPSection?
    var smtp: SMTPSection?
    var http: HTTPAPISettings?

    /// Sections are decoded with every setting optional, so a missing one takes the default
    /// documented in config/chainmail.example.yaml.
    struct EmailSection: Decodable {
        /// The service's mailbox: what users write to, and the From of replies.
        var address: String?
        var maximumMessageBytes: Int?
        var maximumAgeSeconds: Int64?
        var maximumFutureSeconds: Int64?
        var minimumRSABits: Int?
        var retryMaximumSeconds: Int64?
        var delayNoticeSeconds: Int64?

        var serviceAddress: String { address ?? "wallet@chainmail.invalid" }

        var policy: EmailPolicy {
            var policy = EmailPolicy()
            policy.maximumMessageBytes = maximumMessageBytes ?? policy.maximumMessageBytes
            policy.maximumAgeSeconds = maximumAgeSeconds ?? policy.maximumAgeSeconds
            policy.maximumFutureSeconds = maximumFutureSeconds ?? policy.maximumFutureSeconds
            policy.minimumRSABits = minimumRSABits ?? policy.minimumRSABits
            policy.retryMaximumSeconds = retryMaximumSeconds ?? policy.retryMaximumSeconds
            policy.delayNoticeSeconds = delayNoticeSeconds ?? policy.delayNoticeSeconds
            return policy
        }
    }

    struct DNSSection: Decodable {
        /// DNS servers (`ADDRESS` or `ADDRESS@PORT`); absent or empty: the system's resolvers.
        var servers: [String]?
        /// DNSSEC trust anchor; `none` turns validation off. Default: /usr/share/dns/root.key if present.
        var trustAnchorFile: String?
        var timeoutSeconds: Int?
        /// Keys from a file in the FAKE_DNS.dat format instead of DNS (tests, air-gapped set-ups).
        var staticFile: String?
    }

    struct IMAPSection: Decodable {
        var host: String
        var port: UInt16?
        var tls: MailTransportSecurity?
        var caFile: String?
        var serverName: String?
        var username: String
        var password: String?
        var passwordFile: String?
        var mailbox: String?
        /// `flag` (\Seen plus `keyword`) or `move` (to `moveTo`).
        var afterProcessing: String?
        var keyword: String?
        var moveTo: String?
        var pollIntervalSeconds: Int?
        var idle: Bool?
        var reconnectMinimumSeconds: Int?
        var reconnectMaximumSeconds: Int?
        var maxAttempts: Int?
    }

    struct SMTPSection: Decodable {
        var host: String
        var port: UInt16?
        var tls: MailTransportSecurity?
        var caFile: String?
        var serverName: String?
        var username: String?
        var password: String?
        var passwordFile: String?
        var retryMinimumSeconds: Int?
        var retryMaximumSeconds: Int?
        var maximumAttempts: Int?
    }

    static func load(path: String) throws -> ServeConfiguration {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError("cannot read the configuration file \(path)")
        }
        do {
            return try YAMLDecoder().decode(ServeConfiguration.self, from: text)
        } catch let error as DecodingError {
            throw ConfigurationError("\(path): \(Self.describe(error))")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context): "missing setting \(Self.path(context.codingPath + [key]))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            "\(Self.path(context.codingPath)): \(context.debugDescription)"
        @unknown default: "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map(\.stringValue).joined(separator: ".")
    }
}

extension ServeConfiguration {
    /// Unknown keys are not silently ignored: a misspelt setting would otherwise do nothing.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let known = ["dataDirectory", "predecessor", "logLevel", "authentication", "email", "dns", "imap", "smtp", "http"]
        if let unknown = container.allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw DecodingError.dataCorruptedError(forKey: unknown, in: container, debugDescription: "unknown setting \(unknown.stringValue)")
        }
        dataDirectory = try container.decodeIfPresent(String.self, forKey: AnyKey("dataDirectory")) ?? dataDirectory
        predecessor = try container.decodeIfPresent(String.self, forKey: AnyKey("predecessor")) ?? predecessor
        logLevel = try container.decodeIfPresent(String.self, forKey: AnyKey("logLevel")) ?? logLevel
        authentication = try container.decodeIfPresent(AuthenticationSettings.self, forKey: AnyKey("authentication")) ?? authentication
        email = try container.decodeIfPresent(EmailSection.self, forKey: AnyKey("email")) ?? email
        dns = try container.decodeIfPresent(DNSSection.self, forKey: AnyKey("dns")) ?? dns
        imap = try container.decodeIfPresent(IMAPSection.self, forKey: AnyKey("imap"))
        smtp = try container.decodeIfPresent(SMTPSection.self, forKey: AnyKey("smtp"))
        http = try container.decodeIfPresent(HTTPAPISettings.self, forKey: AnyKey("http"))
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

struct ConfigurationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
