import ChainSigner

/// The answer of a transaction that executed (section 4): `nonce` is the account's new nonce.
public struct ExecuteResult: Sendable, Hashable {
    public let txHash: String
    public let accountId: String
    public let nonce: UInt64
    /// One entry per action, in order.
    public let results: [ActionResult]

    public init(txHash: String, accountId: String, nonce: UInt64, results: [ActionResult]) {
        self.txHash = txHash
        self.accountId = accountId
        self.nonce = nonce
        self.results = results
    }

    public var json: JSONValue {
        .object([
            "txHash": .string(txHash),
            "accountId": .string(accountId),
            "nonce": .integer(nonce),
            "results": .array(results.map(\.json)),
        ])
    }
}

/// What one action did.
public enum ActionResult: Sendable, Hashable {
    case addKey(AuthIdentity)
    case removeKey(AuthIdentity)
    case callChainSig(ChainSignatureResult)
    case deleteAccount
    case evmTransaction(EVMTransactionResult)
    case bitcoinTransaction(BitcoinTransactionResult)

    public var json: JSONValue {
        switch self {
        case .addKey(let identity): .object(["type": .string("AddKey"), "authIdentity": identity.json])
        case .removeKey(let identity): .object(["type": .string("RemoveKey"), "authIdentity": identity.json])
        case .callChainSig(let signature): signature.json
        case .deleteAccount: .object(["type": .string("DeleteAccount")])
        case .evmTransaction(let result): result.json
        case .bitcoinTransaction(let result): result.json
        }
    }
}

/// A CallChainSig result: the signature of the payload by the key derived for `derivationPath`.
public struct ChainSignatureResult: Sendable, Hashable {
    public let derivationPath: String
    public let publicKey: Secp256k1PublicKey
    public let signature: RecoverableSignature
    /// The EVM address of `publicKey`, worked out once: the result is written out several times.
    public let address: String

    public init(derivationPath: String, publicKey: Secp256k1PublicKey, signature: RecoverableSignature) {
        self.derivationPath = derivationPath
        self.publicKey = publicKey
        self.signature = signature
        self.address = ChainAddress.evm(publicKey)
    }

    /// `{"type":"CallChainSig","derivationPath","publicKey" (33-byte compressed hex),"address","signature":{"r","s","v"}}`.
    public var json: JSONValue {
        .object([
            "type": .string("CallChainSig"),
            "derivationPath": .string(derivationPath),
            "publicKey": .string(publicKey.compressed.hexString),
            "address": .string(address),
            "signature": signature.json,
        ])
    }
}
