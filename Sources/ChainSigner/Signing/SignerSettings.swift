/// The `signer` section of the service's configuration: which signer makes the chain signatures
/// (PROTOCOL.md section 6), the root public key a remote signer is pinned to, and how long POST
/// /v1/execute waits for a signature before answering 202.
public struct SignerSettings: Codable, Sendable, Hashable {
    /// What `signer.kind` accepts.
    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable {
        /// The embedded signer: a root secret from the data directory.
        case local
        /// NEAR's chain-signature network, asked through the MPC contract (`near` section).
        case nearMPC = "near-mpc"
    }

    public static let defaultWaitSeconds = 30
    public static let waitSecondsRange = 0...300

    public var kind: Kind
    /// `secp256k1:<base58 of the 64-byte uncompressed key>`: the root key a `near-mpc` signer's
    /// contract must report at start-up, and from which chainmail derives every key itself.
    public var rootPublicKey: String?
    /// How long POST /v1/execute waits for the signature before answering 202 (0 to 300 s).
    public var waitSeconds: Int
    /// The local signer's root secret, read from this file (32 raw bytes, mode 0600) instead of
    /// the data directory's `signer/root.key`: one file for every instance sharing a store.
    public var rootKeyFile: String?

    public init(
        kind: Kind = .local,
        rootPublicKey: String? = nil,
        waitSeconds: Int = Self.defaultWaitSeconds,
        rootKeyFile: String? = nil
    ) {
        self.kind = kind
        self.rootPublicKey = rootPublicKey
        self.waitSeconds = waitSeconds
        self.rootKeyFile = rootKeyFile
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decodeIfPresent(Kind.self, forKey: .kind) ?? .local
        rootPublicKey = try container.decodeIfPresent(String.self, forKey: .rootPublicKey)
        waitSeconds = try container.decodeIfPresent(Int.self, forKey: .waitSeconds) ?? Self.defaultWaitSeconds
        rootKeyFile = try container.decodeIfPresent(String.self, forKey: .rootKeyFile)
    }

    /// The pinned root key, parsed: nil when absent or not a point on secp256k1.
    public var parsedRootPublicKey: Secp256k1PublicKey? {
        rootPublicKey.flatMap { try? Secp256k1PublicKey(nearFormat: $0) }
    }

    /// Every rule of this section alone that the settings break, each a sentence naming the
    /// setting; empty when they can be used. (That `near-mpc` also needs `near.rpcURL` and
    /// `near.keyFile` is checked where both sections are known.)
    public func problems() -> [String] {
        var problems: [String] = []
        if let rootPublicKey {
            do {
                _ = try Secp256k1PublicKey(nearFormat: rootPublicKey)
            } catch {
                problems.append(
                    "signer.rootPublicKey is not secp256k1: and the base58 of a 64-byte uncompressed point on secp256k1 (\(error))"
                )
            }
        } else if kind == .nearMPC {
            problems.append("signer.rootPublicKey is required with signer.kind near-mpc (the MPC contract's public_key, pinned)")
        }
        if rootKeyFile != nil, kind != .local {
            problems.append("signer.rootKeyFile is the local signer's root secret: give it only with signer.kind local")
        }
        if !Self.waitSecondsRange.contains(waitSeconds) {
            problems.append("signer.waitSeconds \(waitSeconds) is not 0 to 300")
        }
        return problems
    }
}
