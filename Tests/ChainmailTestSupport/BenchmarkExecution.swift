import AccountEngine
import ChainSigner

/// One POST /v1/execute of the HTTP benchmarks (`make bench-http`, `make bench-scale`): a distinct
/// account held by its own EVM wallet, a CallChainSig at nonce 0, and the wallet's personal_sign
/// proof made beforehand. The account must be created (with `identity`) before it is sent.
public struct BenchmarkExecution: Sendable {
    public let accountId: String
    public let identity: AuthIdentity
    /// The execution as the engine takes it.
    public let args: ExecuteArgs
    /// The execution as the HTTP API takes it: the request body, JSON on one line.
    public let body: String

    /// Accounts `prefix-0` … `prefix-(count-1)`, each with the wallet whose secret is made from
    /// `prefix-wallet-i` (so a prefix always names the same wallets).
    public static func make(prefix: String, count: Int) throws -> [BenchmarkExecution] {
        try (0..<count).map { try make(accountId: "\(prefix)-\($0)", walletSeed: "\(prefix)-wallet-\($0)") }
    }

    public static func make(accountId: String, walletSeed: String) throws -> BenchmarkExecution {
        var secret = Array(walletSeed.utf8)
        secret = Array(repeating: 0, count: max(0, 32 - secret.count)) + secret.suffix(32)
        secret[0] = 0x01
        let wallet = try Secp256k1PublicKey(secretKey: secret)
        let identity = try AuthIdentity(.pubKey("evm:" + ChainAddress.evm(wallet)))
        let payload = TransactionText.randomPayload()
        let transaction = TransactionText.make(accountId, nonce: 0, [TransactionText.callChainSig(payload: payload)])
        let signed = try SignedTransaction(jsonText: transaction)
        let message = ApprovalLine.text(serviceId: AuthenticationSettings.defaultServiceId, txHash: signed.txHashHex)
        let signature = try Secp256k1.sign(digest: EVMPersonalSignVerifier.digest(of: message), secretKey: secret)
        let signatureText = "0x" + (signature.r + signature.s + [signature.v + 27]).hexString
        let args = ExecuteArgs(transaction: signed, authIdentity: identity, message: message, evidence: .messageSignature(signatureText))
        let body = JSONValue.object([
            "transaction": signed.sent, "authIdentity": identity.json, "message": .string(message), "messageSignature": .string(signatureText),
        ]).compactText
        return BenchmarkExecution(accountId: accountId, identity: identity, args: args, body: body)
    }
}
