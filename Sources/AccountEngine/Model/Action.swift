import ChainSigner
import ChainTransactions

/// One action of a transaction (section 2).
public enum Action: Sendable, Hashable {
    case addKey(AuthIdentity)
    case removeKey(AuthIdentity)
    case callChainSig(CallChainSigArgs)
    case deleteAccount
    /// An EIP-1559 transaction, signed and shown in words (PROTOCOL.md section 8.1).
    case evmTransaction(EVMTransaction)
    /// A PSBT spending from the account's P2WPKH address, every input signed and every output
    /// shown in words (PROTOCOL.md section 8.2).
    case bitcoinTransaction(BitcoinTransaction)

    public var typeName: String {
        switch self {
        case .addKey: "AddKey"
        case .removeKey: "RemoveKey"
        case .callChainSig: "CallChainSig"
        case .deleteAccount: "DeleteAccount"
        case .evmTransaction: "EVMTransaction"
        case .bitcoinTransaction: "BitcoinTransaction"
        }
    }

    /// Decodes an action strictly; identities inside are normalised.
    public init(json: JSONValue) throws(EngineError) {
        var reader = try JSONObjectReader(json, context: "action", error: { EngineError.invalidTransaction($0) })
        let type = try reader.string("type", maxBytes: 32)
        switch type {
        case "AddKey":
            self = .addKey(try AuthIdentity(json: try reader.required("authIdentity")))
        case "RemoveKey":
            self = .removeKey(try AuthIdentity(json: try reader.required("authIdentity")))
        case "CallChainSig":
            self = .callChainSig(try CallChainSigArgs(json: try reader.required("args")))
        case "DeleteAccount":
            self = .deleteAccount
        case "EVMTransaction":
            self = .evmTransaction(try EVMTransaction(json: try reader.required("args")))
        case "BitcoinTransaction":
            self = .bitcoinTransaction(try BitcoinTransaction(json: try reader.required("args")))
        default:
            throw .invalidTransaction(
                "action type \(quoted(type)) is not AddKey, RemoveKey, CallChainSig, DeleteAccount, EVMTransaction or BitcoinTransaction"
            )
        }
        try reader.finish()
    }
}

/// The arguments of CallChainSig: a 32-byte payload below the secp256k1 order, the MPC key
/// version (0 is the only one served) and the caller's path, appended to the authTarget's
/// identity path.
public struct CallChainSigArgs: Sendable, Hashable {
    public static let maxPathBytes = 512

    public let payload: [UInt8]
    public let keyVersion: UInt64
    public let path: String

    public init(payload: [UInt8], keyVersion: UInt64 = 0, path: String) throws(EngineError) {
        guard payload.count == 32 else { throw .invalidPayload("payload is 32 bytes (64 hex digits), got \(payload.count) bytes") }
        guard Secp256k1.isBelowOrder(payload) else { throw .payloadOutOfRange }
        guard path.utf8.count <= Self.maxPathBytes else { throw .invalidTransaction("CallChainSig path is longer than \(Self.maxPathBytes) bytes") }
        self.payload = payload
        self.keyVersion = keyVersion
        self.path = path
    }

    public init(json: JSONValue) throws(EngineError) {
        var reader = try JSONObjectReader(json, context: "CallChainSig args", error: { EngineError.invalidTransaction($0) })
        let payloadHex = try reader.string("payload", maxBytes: 64)
        let keyVersion = try reader.safeInteger("keyVersion")
        let path = try reader.string("path", maxBytes: Self.maxPathBytes)
        try reader.finish()
        guard payloadHex.utf8.count == 64, let payload = [UInt8](hex: payloadHex) else {
            throw .invalidPayload("payload is 64 hex digits")
        }
        try self.init(payload: payload, keyVersion: keyVersion, path: path)
    }
}
