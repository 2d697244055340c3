import ChainSigner

/// An auth identity of PROTOCOL.md section 1: a tagged union, always held normalised.
///
/// The only ways to build one go through normalisation (`init(_:)`, `init(json:)`, `Decodable`),
/// so two identities that compare equal here are equal in the protocol's sense: their normalised
/// canonical JSON is byte-equal, except WebAuthn identities, which are equal when their public
/// keys are (the keyId only helps a browser find the credential).
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

    /// Whether the rules that keep identity paths apart (section 1) are applied.
    enum PathRules {
        case enforced
        case waived
    }

    public let value: Value
    /// The normalised canonical JSON (RFC 8785) text: the identity's key for equality and storage.
    public let canonicalKey: String
    /// What equality keys on: `canonicalKey`, except for a WebAuthn identity, `webauthn:` and its
    /// compressed public key in hex. Stores index identities by it, and passkey sign counters are
    /// kept under it, so a second keyId for one key is the same identity with the same counter.
    public let matchKey: String

    /// Validates and normalises `value` (section 1).
    public init(_ value: Value) throws(EngineError) {
        try self.init(value, pathRules: .enforced)
    }

    /// `pathRules: .waived` only for identities read back from a store, which may predate the
    /// path rules of version 1.1 (`chainmail audit` lists them); everything else enforces them.
    init(_ value: Value, pathRules: PathRules) throws(EngineError) {
        let normalised = try Self.normalise(value, pathRules: pathRules)
        self.value = normalised
        self.canonicalKey = Self.json(of: normalised).canonicalText
        if case .webAuthn(_, let publicKey) = normalised {
            self.matchKey = "webauthn:" + publicKey.hexString
        } else {
            self.matchKey = canonicalKey
        }
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
        lhs.matchKey.utf8.elementsEqual(rhs.matchKey.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        for byte in matchKey.utf8 { hasher.combine(byte) }
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

    /// `evm:` and `solana:` wallets sign free text, so their message must be an approval line
    /// (section 4 step 3); NEP-413, WebAuthn and OIDC bind the txHash in a nonce or challenge.
    public var signsApprovalLine: Bool {
        switch self {
        case .evm, .solana: true
        case .near, .webAuthn, .oidc, .account: false
        }
    }
}
