import ByteEncoding
import ChainSigner

@testable import ChainTransactions

/// Builds BIP-174 version 0 PSBTs for the tests, valid by default, with any map entry added, replaced or
/// left out, so each test can break one rule at a time.
struct PSBTBuilder {
    typealias Entry = (key: [UInt8], value: [UInt8])

    var version: UInt32 = 2
    var inputs: [BitcoinUnsignedTransaction.Input] = []
    var outputs: [BitcoinOutput] = []
    var lockTime: UInt32 = 0
    /// Global entries after the unsigned transaction.
    var globalEntries: [Entry] = []
    /// One list of entries per input map; a new input gets its witness UTXO.
    var inputMaps: [[Entry]] = []
    /// One list of entries per output map.
    var outputMaps: [[Entry]] = []

    /// A test's paying key: HASH160 `0x11…11` on regtest unless given.
    static let fromHash = [UInt8](repeating: 0x11, count: 20)
    static let fromScript: [UInt8] = [0x00, 0x14] + fromHash
    static let otherScript: [UInt8] = [0x00, 0x14] + [UInt8](repeating: 0x22, count: 20)

    static func address(_ script: [UInt8], _ network: BitcoinNetwork = .regtest) -> String {
        BitcoinAddress.describe(script: script, network: network)?.address ?? "?"
    }

    static let from = address(fromScript)

    /// A previous txid whose bytes are all `byte`.
    static func txid(_ byte: UInt8) -> [UInt8] { [UInt8](repeating: byte, count: 32) }

    /// Adds an input spending `value` satoshi paid to `script`, with its witness UTXO entry.
    mutating func addInput(value: UInt64, script: [UInt8] = fromScript, txid: [UInt8]? = nil, index: UInt32 = 0, sequence: UInt32 = 0xffff_fffd) {
        let previous = txid ?? Self.txid(UInt8(inputs.count + 1))
        inputs.append(.init(previousTxid: previous, previousIndex: index, sequence: sequence))
        inputMaps.append([([0x01], BitcoinOutput(value: value, script: script).serialized)])
    }

    mutating func addOutput(value: UInt64, script: [UInt8]) {
        outputs.append(BitcoinOutput(value: value, script: script))
        outputMaps.append([])
    }

    var unsignedTransaction: BitcoinUnsignedTransaction {
        BitcoinUnsignedTransaction(version: version, inputs: inputs, outputs: outputs, lockTime: lockTime)
    }

    static func encode(_ entries: [Entry]) -> [UInt8] {
        var bytes: [UInt8] = []
        for entry in entries {
            bytes += BitcoinSerialization.compactSize(entry.key.count) + entry.key
            bytes += BitcoinSerialization.compactSize(entry.value.count) + entry.value
        }
        return bytes + [0x00]
    }

    var bytes: [UInt8] {
        var bytes = PSBT.magic
        bytes += Self.encode([([0x00], unsignedTransaction.serialized)] + globalEntries)
        for map in inputMaps { bytes += Self.encode(map) }
        for map in outputMaps { bytes += Self.encode(map) }
        return bytes
    }

    var base64: String { Base64.encode(bytes, alphabet: .standard, padded: true) }

    /// Two inputs (0.01 and 0.005 BTC from `from`), a payment of 0.01 BTC, 0.0049 BTC of change.
    static func sample() -> PSBTBuilder {
        var builder = PSBTBuilder()
        builder.addInput(value: 1_000_000)
        builder.addInput(value: 500_000)
        builder.addOutput(value: 1_000_000, script: otherScript)
        builder.addOutput(value: 490_000, script: fromScript)
        return builder
    }

    /// The `BitcoinTransaction` of this PSBT on regtest, paid by `from`.
    func transaction(
        network: String = "regtest",
        from: String = PSBTBuilder.from,
        path: String = "bitcoin,1"
    ) throws(ChainTransactionError)
        -> BitcoinTransaction
    {
        try BitcoinTransaction(network: network, from: from, path: path, psbt: base64)
    }
}
