import Foundation

/// How chainmail checks the proofs of section 4 that depend on the deployment: the NEP-413
/// recipient, the WebAuthn relying party, and the OIDC issuers whose keys it trusts. Embedded in
/// the service's configuration file; `validate()` refuses anything a verifier could not honour.
public struct AuthenticationSettings: Codable, Sendable, Hashable {
    public static let defaultServiceId = "chainmail.testnet"

    /// The NEP-413 `recipient` a NEAR wallet must have signed for (a NEAR account id).
    public var serviceId: String
    /// The passkey relying party; without it WebAuthn identities cannot be proven.
    public var webAuthn: WebAuthnSettings?
    public var oidc: OIDCSettings
    /// How long a transaction awaiting consents is kept with its proofs (section 4.1).
    public var pendingLifetimeSeconds: Int

    public init(
        serviceId: String = Self.defaultServiceId,
        webAuthn: WebAuthnSettings? = nil,
        oidc: OIDCSettings = OIDCSettings(),
        pendingLifetimeSeconds: Int = Int(AccountEngine.defaultPendingLifetime)
    ) {
        self.serviceId = serviceId
        self.webAuthn = webAuthn
        self.oidc = oidc
        self.pendingLifetimeSeconds = pendingLifetimeSeconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        serviceId = try container.decodeIfPresent(String.self, forKey: .serviceId) ?? Self.defaultServiceId
        webAuthn = try container.decodeIfPresent(WebAuthnSettings.self, forKey: .webAuthn)
        oidc = try container.decodeIfPresent(OIDCSettings.self, forKey: .oidc) ?? OIDCSettings()
        pendingLifetimeSeconds =
            try container.decodeIfPresent(Int.self, forKey: .pendingLifetimeSeconds) ?? Int(AccountEngine.defaultPendingLifetime)
    }

    /// Refuses settings a verifier could not apply, with `invalid_settings` naming the field.
    public func validate() throws(EngineError) {
        guard AuthIdentity.isNEARAccountId(serviceId) else {
            throw .invalidSettings("serviceId \(quoted(serviceId)) is not a NEAR account id")
        }
        guard (60...31_536_000).contains(pendingLifetimeSeconds) else {
            throw .invalidSettings("pendingLifetimeSeconds must be 60 to 31536000 (a year)")
        }
        try webAuthn?.validate()
        try oidc.validate()
    }
}

/// The WebAuthn relying party: assertions must name `rpId` (by its SHA-256 in authenticatorData)
/// and come from one of `origins` (compared as exact strings with clientDataJSON's origin).
public struct WebAuthnSettings: Codable, Sendable, Hashable {
    public var rpId: String
    public var origins: [String]

    public init(rpId: String, origins: [String]) {
        self.rpId = rpId
        self.origins = origins
    }

    /// The rpId is a lowercase host name; each origin is `https://host[:port]` (plain `http` only
    /// for localhost, as browsers allow) whose host is the rpId or below it, without path or
    /// trailing slash, because browsers send the origin in exactly that serialisation.
    public func validate() throws(EngineError) {
        guard Self.isHostName(rpId) else {
            throw .invalidSettings("webAuthn.rpId \(quoted(rpId)) is not a lowercase host name (no scheme, port or path)")
        }
        guard !origins.isEmpty else { throw .invalidSettings("webAuthn.origins is empty") }
        for origin in origins {
            guard let host = Self.originHost(origin) else {
                throw .invalidSettings(
                    "webAuthn origin \(quoted(origin)) is not https://host[:port] (or http://localhost[:port]) without path or trailing slash"
                )
            }
            guard host == rpId || host.hasSuffix("." + rpId) else {
                throw .invalidSettings("webAuthn origin \(quoted(origin)) is not on the rpId \(quoted(rpId)) or one of its subdomains")
            }
        }
    }

    static func originHost(_ origin: String) -> String? {
        let scheme: String
        if origin.hasPrefix("https://") {
            scheme = "https://"
        } else if origin.hasPrefix("http://") {
            scheme = "http://"
        } else {
            return nil
        }
        let rest = origin.dropFirst(scheme.count)
        let parts = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let host = String(parts[0])
        guard isHostName(host) else { return nil }
        if parts.count == 2 {
            guard let port = UInt16(parts[1]), port > 0, String(port) == parts[1] else { return nil }
        }
        guard scheme == "https://" || host == "localhost" else { return nil }
        return host
    }

    static func isHostName(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { byte in
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                        || byte == UInt8(ascii: "-")
                }
        }
    }
}

/// The OIDC issuers whose ID tokens prove OIDC identities.
public struct OIDCSettings: Codable, Sendable, Hashable {
    public var issuers: [OIDCIssuerSettings]

    public init(issuers: [OIDCIssuerSettings] = []) {
        self.issuers = issuers
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        issuers = try container.decodeIfPresent([OIDCIssuerSettings].self, forKey: .issuers) ?? []
    }

    public func validate() throws(EngineError) {
        var seen = Set<String>()
        for issuer in issuers {
            try issuer.validate()
            guard seen.insert(issuer.issuer).inserted else {
                throw .invalidSettings("oidc issuer \(quoted(issuer.issuer)) is listed twice")
            }
        }
    }
}

/// One issuer: its exact `iss` value and where its keys come from. With neither `jwksURL` nor
/// `jwksFile`, keys come only from operator imports (`chainmail oidc keys import`).
public struct OIDCIssuerSettings: Codable, Sendable, Hashable {
    public static let defaultRefreshInterval = 3600
    public static let refreshIntervalRange = 60...604_800

    public var issuer: String
    /// Fetched at start, every `refreshInterval` seconds, and (at most once a minute) when a
    /// token names an unknown kid. `https`, or `http` to a loopback address.
    public var jwksURL: String?
    /// A JWKS file read at start and on the same schedule.
    public var jwksFile: String?
    public var refreshInterval: Int

    public init(issuer: String, jwksURL: String? = nil, jwksFile: String? = nil, refreshInterval: Int = Self.defaultRefreshInterval) {
        self.issuer = issuer
        self.jwksURL = jwksURL
        self.jwksFile = jwksFile
        self.refreshInterval = refreshInterval
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        issuer = try container.decode(String.self, forKey: .issuer)
        jwksURL = try container.decodeIfPresent(String.self, forKey: .jwksURL)
        jwksFile = try container.decodeIfPresent(String.self, forKey: .jwksFile)
        refreshInterval = try container.decodeIfPresent(Int.self, forKey: .refreshInterval) ?? Self.defaultRefreshInterval
    }

    public func validate() throws(EngineError) {
        guard !issuer.isEmpty, issuer.utf8.count <= 512, !issuer.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else {
            throw .invalidSettings("oidc issuer \(quoted(issuer)) must be 1 to 512 bytes without control characters")
        }
        guard jwksURL == nil || jwksFile == nil else {
            throw .invalidSettings("oidc issuer \(quoted(issuer)): give jwksURL or jwksFile, not both")
        }
        if let jwksURL {
            guard Self.isAcceptableJWKSURL(jwksURL) else {
                throw .invalidSettings(
                    "oidc issuer \(quoted(issuer)): jwksURL \(quoted(jwksURL)) must be https (http only to 127.0.0.1, ::1 or localhost)"
                )
            }
        }
        if let jwksFile, jwksFile.isEmpty {
            throw .invalidSettings("oidc issuer \(quoted(issuer)): jwksFile is empty")
        }
        guard Self.refreshIntervalRange.contains(refreshInterval) else {
            throw .invalidSettings("oidc issuer \(quoted(issuer)): refreshInterval must be 60 to 604800 seconds")
        }
    }

    /// Keys fetched over plain http could be swapped by anyone on the path; loopback is the exception
    /// (tests, a local sidecar).
    static func isAcceptableJWKSURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { return false }
        switch scheme {
        case "https": return true
        case "http": return ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased())
        default: return false
        }
    }
}
