import ChainSigner

/// A finished Bitcoin transaction in segwit serialisation, with the txid and size Bitcoin Core gives it.
public struct BitcoinSignedTransaction: Sendable, Hashable {
    /// version ‖ 0x00 0x01 ‖ inputs ‖ outputs ‖ witnesses ‖ lock time: what is broadcast.
    public let bytes: [UInt8]
    /// Hex of the double SHA-256 of the non-witness serialisation, reversed, as explorers show it.
    public let txid: String
    /// Non-witness size × 3 + total size (BIP-141).
    public let weight: Int
    /// ceil(weight / 4).
    public let virtualSize: Int

    /// The transaction from its non-witness serialisation and its witnesses (one stack per input).
    init(unsigned: BitcoinUnsignedTransaction, witnesses: [[[UInt8]]]) {
        let stripped = unsigned.serialized
        var witnessBytes: [UInt8] = []
        for stack in witnesses {
            witnessBytes += BitcoinSerialization.compactSize(stack.count)
            for item in stack {
                witnessBytes += BitcoinSerialization.compactSize(item.count)
                witnessBytes += item
            }
        }
        // The stripped serialisation is version (4) ‖ body ‖ lock time (4); the marker and flag go after
        // the version, the witnesses before the lock time.
        var bytes = Array(stripped.prefix(4))
        bytes += [0x00, 0x01]
        bytes += stripped.dropFirst(4).dropLast(4)
        bytes += witnessBytes
        bytes += stripped.suffix(4)
        self.bytes = bytes
        self.txid = BitcoinSerialization.doubleSHA256(stripped).reversed().hexString
        self.weight = stripped.count * 3 + bytes.count
        self.virtualSize = (weight + 3) / 4
    }
}
