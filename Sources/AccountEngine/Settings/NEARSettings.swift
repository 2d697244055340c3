import Foundation

/// The `near` section of the service's configuration: the NEAR RPC that confirms `Account`
/// identities' keys (for any signer), and what the `near-mpc` signer needs besides (its key file,
/// the MPC contract, the gas of a `sign` call). Every member may be omitted; without `rpcURL`,
/// `Account` proofs are refused with `near_rpc_not_configured`.
public struct NEARSettings: Codable, Sendable, Hashable {
    public static let defaultMPCContract = "v1.signer-prod.testnet"
    /// 300 Tgas, the most a NEAR transaction may attach.
    public static let defaultSignGas: UInt64 = 300_000_000_000_000
    /// PROTOCOL.md section 6: at least 10 Tgas, at most the protocol's 300 Tgas.
    public static let signGasRange: ClosedRange<UInt64> = 10_000_000_000_000...300_000_000_000_000
    public static let defaultRequestTimeoutSeconds = 30
    public static let requestTimeoutRange = 1...300

    /// The JSON-RPC endpoint, e.g. `https://rpc.testnet.near.org`: `https`, or `http` to a
    /// loopback address (its answers decide whose keys prove an `Account`, so they must not be
    /// open to anyone on the path).
    public var rpcURL: String?
    /// NEAR CLI credentials `{"account_id","public_key","private_key"}` of `predecessor`: the
    /// full-access key that signs the `near-mpc` signer's transactions.
    public var keyFile: String?
    /// The MPC signer contract (`v1.signer` on mainnet, `v1.signer-prod.testnet` on testnet).
    public var mpcContract: String
    /// The gas attached to each `sign` call, 10 to 300 Tgas.
    public var signGas: UInt64
    /// The longest wait for one RPC answer, in seconds (1 to 300).
    public var requestTimeoutSeconds: Int

    public init(
        rpcURL: String? = nil,
        keyFile: String? = nil,
        mpcContract: String = Self.defaultMPCContract,
        signGas: UInt64 = Self.defaultSignGas,
        requestTimeoutSeconds: Int = Self.defaultRequestTimeoutSeconds
    ) {
        self.rpcURL = rpcURL
        self.keyFile = keyFile
        self.mpcContract = mpcContract
        self.signGas = signGas
        self.requestTimeoutSeconds = requestTimeoutSeconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rpcURL = try container.decodeIfPresent(String.self, forKey: .rpcURL)
        keyFile = try container.decodeIfPresent(String.self, forKey: .keyFile)
        mpcContract = try container.decodeIfPresent(String.self, forKey: .mpcContract) ?? Self.defaultMPCContract
        signGas = try container.decodeIfPresent(UInt64.self, forKey: .signGas) ?? Self.defaultSignGas
        requestTimeoutSeconds = try container.decodeIfPresent(Int.self, forKey: .requestTimeoutSeconds) ?? Self.defaultRequestTimeoutSeconds
    }

    /// The longest wait for one RPC answer.
    public var requestTimeout: Duration { .seconds(requestTimeoutSeconds) }

    /// Every rule these settings break, each a sentence naming the setting (`near.signGas …`);
    /// empty when they can be used.
    public func problems() -> [String] {
        var problems: [String] = []
        if let rpcURL, !Self.isAcceptableRPCURL(rpcURL) {
            problems.append(
                "near.rpcURL \(quoted(rpcURL)) must be an https URL with a host (http only to 127.0.0.1, ::1 or localhost)"
            )
        }
        if let keyFile, keyFile.isEmpty { problems.append("near.keyFile is empty") }
        if !AuthIdentity.isNEARAccountId(mpcContract) {
            problems.append("near.mpcContract \(quoted(mpcContract)) is not a NEAR account id")
        }
        if !Self.signGasRange.contains(signGas) {
            problems.append("near.signGas \(signGas) is not 10 to 300 Tgas (10000000000000 to 300000000000000)")
        }
        if !Self.requestTimeoutRange.contains(requestTimeoutSeconds) {
            problems.append("near.requestTimeoutSeconds \(requestTimeoutSeconds) is not 1 to 300")
        }
        return problems
    }

    /// Refuses settings that cannot be used, with `invalid_settings` naming the first problem.
    public func validate() throws(EngineError) {
        if let first = problems().first { throw .invalidSettings(first) }
    }

    static func isAcceptableRPCURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty, components.user == nil, components.password == nil
        else { return false }
        switch scheme {
        case "https": return true
        case "http": return ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased())
        default: return false
        }
    }
}
