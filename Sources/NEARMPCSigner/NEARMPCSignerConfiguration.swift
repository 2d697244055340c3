import ChainSigner
import ErrorCodes

/// What the `near-mpc` signer needs (docs/near-mpc.md): the NEAR RPC, the predecessor account's
/// key file, the MPC contract, the gas of each `sign` call and the pinned root public key.
public struct NEARMPCSignerConfiguration: Sendable {
    /// The MPC contract on testnet (`v1.signer` on mainnet).
    public static let defaultMPCContract = "v1.signer-prod.testnet"
    /// 10¹² gas.
    public static let teraGas: UInt64 = 1_000_000_000_000
    /// The gas a `sign` call may attach: at least 10 Tgas (the contract itself asks for 15 Tgas
    /// today), at most NEAR's 300 Tgas per transaction.
    public static let signGasRange: ClosedRange<UInt64> = (10 * teraGas)...(300 * teraGas)
    /// 300 Tgas: the most a transaction may attach, so a busy MPC network never runs out.
    public static let defaultSignGas: UInt64 = 300 * teraGas

    /// The NEAR JSON-RPC endpoint, e.g. `https://rpc.testnet.near.org`.
    public var rpcURL: String
    /// NEAR CLI's credentials file `{"account_id","public_key","private_key"}` of a full-access key
    /// of `predecessor`.
    public var keyFile: String
    /// The MPC signer contract's account.
    public var mpcContract: String
    /// The gas attached to each `sign` call.
    public var signGas: UInt64
    /// The MPC network's root public key, pinned: the contract's `public_key` view must say the same.
    public var rootPublicKey: Secp256k1PublicKey
    /// The NEAR account that sends the `sign` calls, part of every derivation tweak.
    public var predecessor: String
    /// The longest wait for one RPC answer.
    public var requestTimeout: Duration
    /// How long the outcome of a sent `sign` transaction is polled for before the request is
    /// reported temporarily unavailable.
    public var statusDeadline: Duration

    /// A configuration; `rootPublicKey` is NEAR's text form `secp256k1:<base58 of X ‖ Y>`.
    /// Throws `invalid_configuration` for a root key that does not parse, a `signGas` outside
    /// 10…300 Tgas, an empty account or URL, or a non-positive time.
    public init(
        rpcURL: String,
        keyFile: String,
        rootPublicKey: String,
        predecessor: String,
        mpcContract: String = defaultMPCContract,
        signGas: UInt64 = defaultSignGas,
        requestTimeout: Duration = .seconds(30),
        statusDeadline: Duration = .seconds(180)
    ) throws {
        let root: Secp256k1PublicKey
        do {
            root = try Secp256k1PublicKey(nearFormat: rootPublicKey)
        } catch {
            throw ChainSignerError(
                code: .invalidConfiguration,
                message:
                    "signer.rootPublicKey \"\(rootPublicKey.prefix(120))\" is not a NEAR secp256k1 key (secp256k1:<base58 of 64 bytes>): \(error)"
            )
        }
        try self.init(
            rpcURL: rpcURL,
            keyFile: keyFile,
            rootPublicKey: root,
            predecessor: predecessor,
            mpcContract: mpcContract,
            signGas: signGas,
            requestTimeout: requestTimeout,
            statusDeadline: statusDeadline
        )
    }

    /// A configuration with a parsed root key; the same checks as the other initialiser.
    public init(
        rpcURL: String,
        keyFile: String,
        rootPublicKey: Secp256k1PublicKey,
        predecessor: String,
        mpcContract: String = defaultMPCContract,
        signGas: UInt64 = defaultSignGas,
        requestTimeout: Duration = .seconds(30),
        statusDeadline: Duration = .seconds(180)
    ) throws {
        func refuse(_ message: String) -> ChainSignerError { ChainSignerError(code: .invalidConfiguration, message: message) }
        guard Self.signGasRange.contains(signGas) else {
            throw refuse("near.signGas \(signGas) is outside 10 Tgas…300 Tgas (\(Self.signGasRange.lowerBound)…\(Self.signGasRange.upperBound) gas)")
        }
        guard !rpcURL.isEmpty else { throw refuse("near.rpcURL is empty") }
        guard !keyFile.isEmpty else { throw refuse("near.keyFile is empty") }
        guard !predecessor.isEmpty else { throw refuse("predecessor is empty") }
        guard !mpcContract.isEmpty else { throw refuse("near.mpcContract is empty") }
        guard requestTimeout > .zero, statusDeadline > .zero else {
            throw refuse("the request timeout and the status deadline must be positive")
        }
        self.rpcURL = rpcURL
        self.keyFile = keyFile
        self.rootPublicKey = rootPublicKey
        self.predecessor = predecessor
        self.mpcContract = mpcContract
        self.signGas = signGas
        self.requestTimeout = requestTimeout
        self.statusDeadline = statusDeadline
    }
}
