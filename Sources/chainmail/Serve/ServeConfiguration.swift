import AccountEngine
import ChainSigner
import DKIMVerifier
import Foundation
import HTTPAPI
import Logging
import MailIngest
import MailTransport

/// `chainmail serve --config F`: every setting, read from YAML. `config/chainmail.example.yaml`
/// documents each one; absent sections take the defaults shown there. Read by `StrictYAMLDecoder`,
/// which refuses unknown keys at any depth and values a setting cannot hold.
struct ServeConfiguration: Decodable {
    /// The NEAR account that calls the chain-signature signer when none is configured.
    static let defaultPredecessor = "chainmail.testnet"

    var dataDirectory = "./.chainmail"
    var predecessor = Self.defaultPredecessor
    var logLevel = Logger.Level.info
    var logFormat = LogFormat.text
    var authentication = AuthenticationSettings()
    var email = EmailSection()
    /// Where DKIM keys come from: the settings `chainmail dkim verify --config` reads too.
    var dns = DNSResolverSettings()
    var imap: IMAPSection?
    var smtp: SMTPSection?
    var http: HTTPAPISettings?
    /// Which signer makes the chain signatures (`signer.kind`: `local`, the default, or
    /// `near-mpc`), the local signer's shared `rootKeyFile`, the root public key a remote signer
    /// is pinned to, and how long POST /v1/execute waits for a signature; `makeSigner` builds the
    /// signer from these, `near` and `predecessor`.
    var signer = SignerSettings()
    /// The NEAR RPC (`Account` identities, whatever the signer) and the `near-mpc` signer's key
    /// file, contract and gas. Absent: `Account` proofs are refused with `near_rpc_not_configured`.
    var near: NEARSettings?
    /// EVM chains and token lists (PROTOCOL.md section 8.4), beside the built-in ones.
    var chains: ChainsSection?
    /// Where accounts and transactions are kept: `{kind: sqlite}` (the default, in the data
    /// directory) or `{kind: postgres, url, passwordFile, tls, poolSize}` for several instances.
    var store = StoreSection()

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
        var afterProcessing: AfterProcessingMode?
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

    /// What `imap.afterProcessing` accepts.
    enum AfterProcessingMode: String, Decodable, CaseIterable, EnumeratedSetting {
        case flag
        case move
    }

    /// Reads and decodes the file strictly; every problem found is in the error, with its line.
    /// Private: callers use `read(path:)` (see there why).
    private static func load(path: String) throws(ConfigurationProblems) -> ServeConfiguration {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationProblems([ConfigurationProblem(file: path, mark: nil, message: "cannot read the configuration file")])
        }
        return try StrictYAMLDecoder.decode(ServeConfiguration.self, from: text, file: path)
    }

    /// Reads and decodes the file strictly, as a result value: every problem found is in the
    /// failure, with its line. The commands' async `run`s switch on it rather than catch a typed
    /// error: Swift 6.3's release optimiser has crashed on typed-throws calls inlined into async
    /// code (see `OIDCCommand.registry`).
    @inline(never)
    static func read(path: String) -> Result<ServeConfiguration, ConfigurationProblems> {
        do {
            return .success(try load(path: path))
        } catch {
            return .failure(error)
        }
    }
}

extension ServeConfiguration {
    /// Every setting is optional at the top level; the strict decoder reports keys not asked for here.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        dataDirectory = try container.decodeIfPresent(String.self, forKey: AnyKey("dataDirectory")) ?? dataDirectory
        predecessor = try container.decodeIfPresent(String.self, forKey: AnyKey("predecessor")) ?? predecessor
        logLevel = try container.decodeIfPresent(Logger.Level.self, forKey: AnyKey("logLevel")) ?? logLevel
        logFormat = try container.decodeIfPresent(LogFormat.self, forKey: AnyKey("logFormat")) ?? logFormat
        authentication = try container.decodeIfPresent(AuthenticationSettings.self, forKey: AnyKey("authentication")) ?? authentication
        email = try container.decodeIfPresent(EmailSection.self, forKey: AnyKey("email")) ?? email
        dns = try container.decodeIfPresent(DNSResolverSettings.self, forKey: AnyKey("dns")) ?? dns
        imap = try container.decodeIfPresent(IMAPSection.self, forKey: AnyKey("imap"))
        smtp = try container.decodeIfPresent(SMTPSection.self, forKey: AnyKey("smtp"))
        http = try container.decodeIfPresent(HTTPAPISettings.self, forKey: AnyKey("http"))
        signer = try container.decodeIfPresent(SignerSettings.self, forKey: AnyKey("signer")) ?? signer
        near = try container.decodeIfPresent(NEARSettings.self, forKey: AnyKey("near"))
        chains = try container.decodeIfPresent(ChainsSection.self, forKey: AnyKey("chains"))
        store = try container.decodeIfPresent(StoreSection.self, forKey: AnyKey("store")) ?? store
    }

    /// A top-level setting by name; the strict decoder reports the keys no setting asked for.
    typealias AnyKey = SettingPath.Name
}

struct ConfigurationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
