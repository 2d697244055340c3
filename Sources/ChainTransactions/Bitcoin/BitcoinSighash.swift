/// BIP-143 signature hashes of P2WPKH inputs with SIGHASH_ALL.
///
/// hashPrevouts, hashSequence and hashOutputs are computed once for the transaction, so the work is
/// linear in its size (the quadratic hashing of legacy signatures does not arise).
enum BitcoinSighash {
    static let sighashAll: UInt32 = 1

    /// One 32-byte payload per input, in input order: double SHA-256 of the BIP-143 preimage with
    /// scriptCode 0x19 76 a9 14 ‖ publicKeyHash ‖ 88 ac and the amount of the input's witness UTXO.
    static func payloads(psbt: PSBT, publicKeyHash: [UInt8]) -> [[UInt8]] {
        let transaction = psbt.unsignedTransaction
        let hashPrevouts = BitcoinSerialization.doubleSHA256(transaction.inputs.flatMap(\.outpoint))
        let hashSequence = BitcoinSerialization.doubleSHA256(transaction.inputs.flatMap { BitcoinSerialization.uint32($0.sequence) })
        let hashOutputs = BitcoinSerialization.doubleSHA256(transaction.outputs.flatMap(\.serialized))
        let scriptCode: [UInt8] = [0x19, 0x76, 0xa9, 0x14] + publicKeyHash + [0x88, 0xac]
        let version = BitcoinSerialization.uint32(transaction.version)
        let lockTime = BitcoinSerialization.uint32(transaction.lockTime)
        let hashType = BitcoinSerialization.uint32(sighashAll)
        return zip(transaction.inputs, psbt.inputs).map { input, map in
            var preimage = version
            preimage += hashPrevouts
            preimage += hashSequence
            preimage += input.outpoint
            preimage += scriptCode
            preimage += BitcoinSerialization.uint64(map.witnessUtxo.value)
            preimage += BitcoinSerialization.uint32(input.sequence)
            preimage += hashOutputs
            preimage += lockTime
            preimage += hashType
            return BitcoinSerialization.doubleSHA256(preimage)
        }
    }
}
