import Foundation

/// The passkey sign counters the WebAuthn verifier reads. They are written only by
/// `AccountStore.commit`, with the execution that presented them (`ProofStateChange`).
public protocol WebAuthnCounterStore: Sendable {
    /// The last committed counter of `credential` (a WebAuthn identity's match key: its public
    /// key, whichever keyId presented it), or nil
    /// when no assertion of it with a non-zero counter has executed.
    func webAuthnSignCount(credential: String) async throws -> UInt32?
}

/// The OIDC key registry's persistent half: every issuer's verification keys survive a restart,
/// so ID tokens keep verifying while (or after) the provider is unreachable.
public protocol OIDCKeyStore: Sendable {
    func oidcKeys(issuer: String) async throws -> [StoredOIDCKey]

    /// Issuers holding at least one key, sorted.
    func oidcKeyIssuers() async throws -> [String]

    /// Writes `keys` for `issuer` in one transaction, replacing any stored key with the same kid.
    /// With `replacingSource`, the issuer's other keys from `source` are removed first (a fetched
    /// key set is the whole truth of its source; an operator import only adds).
    func saveOIDCKeys(_ keys: [StoredOIDCKey], issuer: String, source: OIDCKeySource, replacingSource: Bool) async throws

    /// Removes one key; false when there was none.
    func removeOIDCKey(issuer: String, kid: String) async throws -> Bool
}

/// Where a registered OIDC key came from.
public enum OIDCKeySource: String, Sendable, Hashable, Codable, CaseIterable {
    case jwksURL = "jwks_url"
    case jwksFile = "jwks_file"
    case operatorImport = "operator"
}

/// One verification key as stored: the issuer, its kid, and the public JWK as canonical JSON text.
public struct StoredOIDCKey: Sendable, Hashable {
    public let issuer: String
    public let kid: String
    public let jwk: String
    public let source: OIDCKeySource
    public let recordedAt: Date

    public init(issuer: String, kid: String, jwk: String, source: OIDCKeySource, recordedAt: Date) {
        self.issuer = issuer
        self.kid = kid
        self.jwk = jwk
        self.source = source
        self.recordedAt = recordedAt
    }
}
