import ChainSigner
import ChainTransactions

/// A BitcoinTransaction's result (PROTOCOL.md section 8.2): one signature per input, of that
/// input's BIP-143 hash, and the finished transaction made of the same parsed PSBT.
public struct BitcoinTransactionResult: Sendable, Hashable {
    public let transaction: BitcoinTransaction
    /// One per input, in input order, each by the key derived for the action's path.
    public let signatures: [ChainSignatureResult]
    public let signed: BitcoinSignedTransaction

    /// - Precondition: one signature per input, all by one key (the engine asks them so).
    init(transaction: BitcoinTransaction, signatures: [ChainSignatureResult]) {
        precondition(signatures.count == transaction.signingPayloads.count, "a BitcoinTransaction is signed once per input")
        self.transaction = transaction
        self.signatures = signatures
        self.signed = transaction.signed(
            signatures: signatures.map { (r: $0.signature.r, s: $0.signature.s) },
            publicKey: signatures.first?.publicKey.compressed ?? []
        )
    }

    /// `{"type":"BitcoinTransaction","network","from","derivationPath","publicKey","signatures":[{"r","s","v"}, …],"signedTransaction","txid"}`.
    public var json: JSONValue {
        .object([
            "type": .string("BitcoinTransaction"),
            "network": .string(transaction.network.rawValue),
            "from": .string(transaction.from),
            "derivationPath": .string(signatures.first?.derivationPath ?? ""),
            "publicKey": .string(signatures.first?.publicKey.compressed.hexString ?? ""),
            "signatures": .array(signatures.map(\.signature.json)),
            "signedTransaction": .string(signed.bytes.hexString),
            "txid": .string(signed.txid),
        ])
    }
}
