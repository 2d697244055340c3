extension BitcoinTransaction {
    /// The largest witness item of a low-s signature: a 71-byte DER signature and the sighash byte.
    static let maxSignatureItemBytes = 72
    /// A compressed public key.
    static let publicKeyBytes = 33

    /// The finished transaction from one (r, s) per input (32-byte big-endian each, low-s, already
    /// checked against the derived key by the caller) and the derived compressed key (33 bytes):
    /// each input's witness is [DER(r, s) ‖ 0x01, key].
    ///
    /// - Precondition: one signature per input, as the signer returns for `signingPayloads`.
    public func signed(signatures: [(r: [UInt8], s: [UInt8])], publicKey: [UInt8]) -> BitcoinSignedTransaction {
        precondition(signatures.count == psbt.inputs.count, "one signature per input")
        let witnesses = signatures.map { signature in
            [DERSignature.encode(r: signature.r, s: signature.s) + [UInt8(BitcoinSighash.sighashAll)], publicKey]
        }
        return BitcoinSignedTransaction(unsigned: psbt.unsignedTransaction, witnesses: witnesses)
    }

    /// The virtual size the signed transaction has at most (72-byte signature items: 71-byte DER and the
    /// sighash byte), used by the summary before signing.
    public var estimatedVirtualSize: Int {
        let stripped = psbt.unsignedTransaction.serialized.count
        // Per input: the item count, then each item's length and bytes.
        let perInput = 1 + 1 + Self.maxSignatureItemBytes + 1 + Self.publicKeyBytes
        let total = stripped + 2 + perInput * psbt.inputs.count
        return (stripped * 3 + total + 3) / 4
    }
}
