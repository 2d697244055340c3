import ChainSigner

/// An auth identity of PROTOCOL.md section 1: a tagged union, always held normalised.
///
/// The only ways to build one go through normalisation (`init(_:)`, `init(json:)`, `Decodable`),
/// so two identities that compare equal here are equal in the protocol's sense: their normalised
/// canonical JSON is byte-equal.
public struct AuthIdentity: Sendable, Hashable, CustomStringConvertible {
    public enum Value: Sendable, Hashable {
        /// `evm:0x…`, `solana:…` or `near:ed25519:…`.
        case pubKey(String)
        /// A passkey: the base64url credential id and the P-256 public key (held compressed, 33 bytes).
        case webAuthn(keyId: String, publicKey: [UInt8])
        /// An OIDC login, also provable by a DKIM-signed email from `email`.
        case oidc(issuer: String, clientId: String, email: String)
        /// A NEAR account (reserved).
        case account(String)
    }

    public let value: Value
    /// The normalised canonical JSON (RFC 8785) text: the identity's key for equality and storage.
    public let canonicalKey: String

    /// Validates and normalises `value` (section 1).
    public init(_ value: Value) throws(EngineError) {
        let normalised = try Self.normalise(value)
        self.value = normalised
        self.canonicalKey = Self.json(of: normalised).canonicalText
    }

    public var kind: IdentityKind {
        switch value {
        case .pubKey(let text):
            if text.hasPrefix(IdentityKind.evm.prefix) { return .evm }
            if text.hasPrefix(IdentityKind.solana.prefix) { return .solana }
            return .near
        case .webAuthn: return .webAuthn
        case .oidc: return .oidc
        case .account: return .account
        }
    }

    /// The identity's own key-derivation path (section 1).
    public var path: String {
        switch value {
        case .pubKey(let text): "wallet/\(text)"
        case .webAuthn(_, let publicKey): "webauthn/\(publicKey.hexString)"
        case .oidc(let issuer, let clientId, let email): "oidc/\(issuer)/\(clientId)/\(email)"
        case .account(let accountId): "near/\(accountId)"
        }
    }

    /// The identity as section 1's JSON.
    public var json: JSONValue { Self.json(of: value) }

    public var description: String { canonicalKey }

    public static func == (lhs: AuthIdentity, rhs: AuthIdentity) -> Bool {
        lhs.canonicalKey.utf8.elementsEqual(rhs.canonicalKey.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        for byte in canonicalKey.utf8 { hasher.combine(byte) }
    }

    static func json(of value: Value) -> JSONValue {
        switch value {
        case .pubKey(let text):
            .object(["type": .string("PubKey"), "value": .string(text)])
        case .webAuthn(let keyId, let publicKey):
            .object([
                "type": .string("WebAuthn"),
                "value": .object(["keyId": .string(keyId), "publicKey": .string(publicKey.hexString)]),
            ])
        case .oidc(let issuer, let clientId, let email):
            .object([
                "type": .string("OIDC"),
                "value": .object(["issuer": .string(issuer), "clientId": .string(clientId), "email": .string(email)]),
            ])
        case .account(let accountId):
            .object(["type": .string("Account"), "value": .string(accountId)])
        }
    }
}

/// What proves an identity; the proof-verifier registry dispatches on it.
public enum IdentityKind: String, Sendable, Hashable, CaseIterable {
    case evm
    case solana
    case near
    case webAuthn
    case oidc
    case account

    var prefix: String {
        switch self {
        case .evm: "evm:"
        case .solana: "solana:"
        case .near: "near:ed25519:"
        case .webAuthn, .oidc, .account: ""
        }
    }

    /// WebAuthn and OIDC carry txHash in their challenge or nonce rather than in `message`.
    public var messageCarriesTxHash: Bool {
        switch self {
        case .webAuthn, .oidc: false
        case .evm, .solana, .near, .account: true
        }
    }
}
