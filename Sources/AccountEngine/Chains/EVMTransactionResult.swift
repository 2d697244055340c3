import ChainSigner
import ChainTransactions

/// An EVMTransaction's result (PROTOCOL.md section 8.1): the signature of the transaction's
/// EIP-1559 payload, and the signed transaction made of the same parsed value.
public struct EVMTransactionResult: Sendable, Hashable {
    public let transaction: EVMTransaction
    public let signature: ChainSignatureResult
    /// `0x02 ‖ rlp([… the nine fields …, yParity, r, s])`.
    public let signedTransaction: [UInt8]
    /// keccak256 of `signedTransaction`: the hash the chain knows the transaction by.
    public let transactionHash: [UInt8]

    init(transaction: EVMTransaction, signature: ChainSignatureResult) {
        self.transaction = transaction
        self.signature = signature
        self.signedTransaction = transaction.signedTransaction(
            r: signature.signature.r,
            s: signature.signature.s,
            yParity: signature.signature.v
        )
        self.transactionHash = EVMTransaction.transactionHash(ofSigned: signedTransaction)
    }

    /// `{"type":"EVMTransaction","chainId","from","derivationPath","publicKey","signature":{"r","s","v"},"signedTransaction","transactionHash"}`.
    public var json: JSONValue {
        .object([
            "type": .string("EVMTransaction"),
            "chainId": .integer(transaction.chainId),
            "from": .string(transaction.from.lowercaseHex),
            "derivationPath": .string(signature.derivationPath),
            "publicKey": .string(signature.publicKey.compressed.hexString),
            "signature": signature.signature.json,
            "signedTransaction": .string("0x" + signedTransaction.hexString),
            "transactionHash": .string("0x" + transactionHash.hexString),
        ])
    }
}
