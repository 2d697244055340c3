/// The unsigned transaction a PSBT carries (global key 0x00), in non-witness serialisation with every
/// scriptSig empty.
public struct BitcoinUnsignedTransaction: Sendable, Hashable {
    /// An input: the output it spends and its sequence number.
    public struct Input: Sendable, Hashable {
        /// The spent transaction's id in internal byte order (the reverse of how explorers show it).
        public let previousTxid: [UInt8]
        public let previousIndex: UInt32
        public let sequence: UInt32

        public init(previousTxid: [UInt8], previousIndex: UInt32, sequence: UInt32) {
            self.previousTxid = previousTxid
            self.previousIndex = previousIndex
            self.sequence = sequence
        }

        /// The outpoint: txid ‖ index (4 bytes little-endian), as BIP-143 hashes it.
        var outpoint: [UInt8] { previousTxid + BitcoinSerialization.uint32(previousIndex) }
    }

    public let version: UInt32
    public let inputs: [Input]
    public let outputs: [BitcoinOutput]
    public let lockTime: UInt32

    public init(version: UInt32, inputs: [Input], outputs: [BitcoinOutput], lockTime: UInt32) {
        self.version = version
        self.inputs = inputs
        self.outputs = outputs
        self.lockTime = lockTime
    }

    /// The non-witness serialisation with the given scriptSigs left empty: what the txid hashes.
    var serialized: [UInt8] {
        var bytes = BitcoinSerialization.uint32(version)
        bytes += BitcoinSerialization.compactSize(inputs.count)
        for input in inputs {
            bytes += input.outpoint
            bytes.append(0)
            bytes += BitcoinSerialization.uint32(input.sequence)
        }
        bytes += BitcoinSerialization.compactSize(outputs.count)
        for output in outputs {
            bytes += output.serialized
        }
        bytes += BitcoinSerialization.uint32(lockTime)
        return bytes
    }
}
