/// How the HTTP API of PROTOCOL.md section 7 is served. Embedded in the service's configuration
/// file; every member may be omitted and takes its default.
public struct HTTPAPISettings: Codable, Sendable, Hashable {
    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8080
    public static let defaultServiceAccountId = "chainmail.testnet"
    public static let defaultMaxJSONBytes = 64 * 1024
    public static let defaultMaxEmailBytes = 10 * 1024 * 1024
    public static let defaultIdleTimeoutSeconds = 30

    /// The address to listen on. Loopback by default: put a TLS-terminating proxy in front.
    public var host: String
    /// The port to listen on; 0 picks a free one (tests).
    public var port: Int
    /// The mailbox approval mails are sent to (POST /v1/transactions answers it as `email.to`).
    public var serviceMailbox: String
    /// The NEAR account of the service: POST /sign-near-transaction refuses any other `receiver_id`.
    public var serviceAccountId: String
    /// The bearer token of PUT /v1/oidc/{issuer}/keys; without one that route answers 404.
    public var operatorToken: String?
    /// JSON request bodies above this are refused with 413 before being read.
    public var maxJSONBytes: Int
    /// POST /v1/email bodies above this are refused with 413 before being read.
    public var maxEmailBytes: Int
    /// The bech32 prefix of the Bitcoin addresses GET /v1/derive answers ("bc", "tb").
    public var bitcoinHumanReadablePart: String
    /// A connection with no request in progress for this long is closed.
    public var idleTimeoutSeconds: Int
    /// The request rate each client may send to the POST routes (429 `rate_limited` beyond it).
    public var rateLimit: HTTPRateLimit
    /// How many transactions each client may prepare and accounts it may create in an hour.
    public var limits: HTTPClientQuotas
    /// The bearer token of the routes that reveal identities (GET /v1/accounts and GET
    /// /v1/accounts/{accountId}); without one they are open to anyone.
    public var readToken: String?
    /// The IP addresses of the reverse proxies whose `X-Forwarded-For` names the client; from any
    /// other peer that field is ignored and the peer address is the client.
    public var trustedProxies: [String]

    public init(
        host: String = Self.defaultHost,
        port: Int = Self.defaultPort,
        serviceMailbox: String,
        serviceAccountId: String = Self.defaultServiceAccountId,
        operatorToken: String? = nil,
        maxJSONBytes: Int = Self.defaultMaxJSONBytes,
        maxEmailBytes: Int = Self.defaultMaxEmailBytes,
        bitcoinHumanReadablePart: String = "bc",
        idleTimeoutSeconds: Int = Self.defaultIdleTimeoutSeconds,
        rateLimit: HTTPRateLimit = .default,
        limits: HTTPClientQuotas = .default,
        readToken: String? = nil,
        trustedProxies: [String] = []
    ) {
        self.host = host
        self.port = port
        self.serviceMailbox = serviceMailbox
        self.serviceAccountId = serviceAccountId
        self.operatorToken = operatorToken
        self.maxJSONBytes = maxJSONBytes
        self.maxEmailBytes = maxEmailBytes
        self.bitcoinHumanReadablePart = bitcoinHumanReadablePart
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.rateLimit = rateLimit
        self.limits = limits
        self.readToken = readToken
        self.trustedProxies = trustedProxies
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        host = try container.decodeIfPresent(String.self, forKey: .host) ?? Self.defaultHost
        port = try container.decodeIfPresent(Int.self, forKey: .port) ?? Self.defaultPort
        serviceMailbox = try container.decode(String.self, forKey: .serviceMailbox)
        serviceAccountId = try container.decodeIfPresent(String.self, forKey: .serviceAccountId) ?? Self.defaultServiceAccountId
        operatorToken = try container.decodeIfPresent(String.self, forKey: .operatorToken)
        maxJSONBytes = try container.decodeIfPresent(Int.self, forKey: .maxJSONBytes) ?? Self.defaultMaxJSONBytes
        maxEmailBytes = try container.decodeIfPresent(Int.self, forKey: .maxEmailBytes) ?? Self.defaultMaxEmailBytes
        bitcoinHumanReadablePart = try container.decodeIfPresent(String.self, forKey: .bitcoinHumanReadablePart) ?? "bc"
        idleTimeoutSeconds = try container.decodeIfPresent(Int.self, forKey: .idleTimeoutSeconds) ?? Self.defaultIdleTimeoutSeconds
        rateLimit = try container.decodeIfPresent(HTTPRateLimit.self, forKey: .rateLimit) ?? .default
        limits = try container.decodeIfPresent(HTTPClientQuotas.self, forKey: .limits) ?? .default
        readToken = try container.decodeIfPresent(String.self, forKey: .readToken)
        trustedProxies = try container.decodeIfPresent([String].self, forKey: .trustedProxies) ?? []
    }

    /// Refuses settings the server could not honour, naming the field.
    public func validate() throws(HTTPAPIError) {
        guard (0...65_535).contains(port) else { throw .invalidSettings("http.port \(port) is not 0 to 65535") }
        guard !host.isEmpty else { throw .invalidSettings("http.host is empty") }
        guard serviceMailbox.contains("@"), !serviceMailbox.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" }) else {
            throw .invalidSettings("http.serviceMailbox must be a plain local@domain address")
        }
        guard (1...(1 << 24)).contains(maxJSONBytes) else { throw .invalidSettings("http.maxJSONBytes must be 1 to 16 MiB") }
        guard (1...(1 << 30)).contains(maxEmailBytes) else { throw .invalidSettings("http.maxEmailBytes must be 1 byte to 1 GiB") }
        guard (1...3600).contains(idleTimeoutSeconds) else { throw .invalidSettings("http.idleTimeoutSeconds must be 1 to 3600") }
        if let operatorToken, operatorToken.utf8.count < 16 {
            throw .invalidSettings("http.operatorToken must be at least 16 bytes (or absent to disable the operator route)")
        }
        if let readToken, readToken.utf8.count < 16 {
            throw .invalidSettings("http.readToken must be at least 16 bytes (or absent to leave the account routes open)")
        }
        guard (0...1_000_000).contains(rateLimit.requestsPerMinute) else {
            throw .invalidSettings("http.rateLimit.requestsPerMinute must be 0 (off) to 1000000")
        }
        guard rateLimit.requestsPerMinute == 0 || (1...1_000_000).contains(rateLimit.burst) else {
            throw .invalidSettings("http.rateLimit.burst must be 1 to 1000000")
        }
        guard (0...1_000_000).contains(limits.preparedTransactionsPerClientPerHour) else {
            throw .invalidSettings("http.limits.preparedTransactionsPerClientPerHour must be 0 (off) to 1000000")
        }
        guard (0...1_000_000).contains(limits.accountsPerClientPerHour) else {
            throw .invalidSettings("http.limits.accountsPerClientPerHour must be 0 (off) to 1000000")
        }
        for proxy in trustedProxies where !ClientAddress.isIPAddress(proxy) {
            throw .invalidSettings("http.trustedProxies: \(proxy) is not an IP address")
        }
    }
}
