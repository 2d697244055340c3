import ByteEncoding

/// A NEAR transaction with its ed25519 signature, ready for `send_tx`.
public struct NEARSignedTransaction: Sendable, Hashable {
    /// The transaction that was signed.
    public let transaction: NEARTransaction
    /// The 64-byte ed25519 signature of `transaction.hash`.
    public let signature: [UInt8]

    public init(transaction: NEARTransaction, signature: [UInt8]) {
        self.transaction = transaction
        self.signature = signature
    }

    /// Borsh `SignedTransaction`: the transaction, then `Signature` (variant 0, ed25519, and 64 bytes).
    public var borsh: [UInt8] {
        var writer = BorshWriter()
        transaction.write(to: &writer)
        writer.write(UInt8(0))
        writer.write(fixed: signature)
        return writer.bytes
    }

    /// The transaction's hash, the id the RPC and explorers show.
    public var hash: [UInt8] { transaction.hash }

    /// The hash in base58, as the RPC writes it.
    public var hashBase58: String { Base58.encode(hash) }

    /// The borsh bytes in standard padded base64, `send_tx`'s `signed_tx_base64`.
    public var base64: String { Base64.encode(borsh, .standardPadded) }
}
