import ByteEncoding
import ChainSigner
import ErrorCodes
import Testing

@testable import ChainTransactions

@Suite("PSBT parsing (BIP-174 version 0, strict)")
struct PSBTTests {
    /// Expects `psbt_invalid` with a message containing `reason`.
    private func expectInvalid(_ bytes: [UInt8], _ reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try PSBT(bytes: bytes)
            Issue.record("expected psbt_invalid (\(reason)) but the PSBT was accepted", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == .psbtInvalid, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(reason), "\(error.message)", sourceLocation: sourceLocation)
        }
    }

    @Test("a built PSBT parses into its transaction, maps and base64")
    func validSample() throws {
        let builder = PSBTBuilder.sample()
        let psbt = try PSBT(base64: builder.base64)
        #expect(psbt.bytes == builder.bytes)
        #expect(psbt.base64 == builder.base64)
        #expect(psbt.unsignedTransaction == builder.unsignedTransaction)
        #expect(psbt.inputs.map(\.witnessUtxo.value) == [1_000_000, 500_000])
        #expect(psbt.outputs.count == 2)
    }

    @Test("every PSBT of BIP-174's invalid list is psbt_invalid", arguments: BIP174Vectors.invalid.indices)
    func bip174Invalid(_ index: Int) {
        let vector = BIP174Vectors.invalid[index]
        do {
            _ = try PSBT(base64: vector.base64)
            Issue.record("\(vector.name): accepted")
        } catch {
            #expect(error.code == .psbtInvalid, "\(vector.name): \(error)")
        }
    }

    @Test("BIP-174's valid PSBTs are read; those that lack a witness UTXO or are finalised are refused for that reason")
    func bip174Valid() {
        for vector in BIP174Vectors.valid {
            do {
                let psbt = try PSBT(base64: vector.base64)
                #expect(psbt.inputs.count == psbt.unsignedTransaction.inputs.count, "\(vector.name)")
            } catch {
                #expect(error.code == .psbtInvalid, "\(vector.name): \(error)")
                let expected = ["no witness UTXO", "already finalised", "has no inputs", "SIGHASH", "sighash"]
                #expect(expected.contains { error.message.contains($0) }, "\(vector.name): \(error.message)")
            }
        }
    }

    @Test("BIP-174's P2WSH multisig PSBT with global xpubs parses, the xpubs carried")
    func bip174P2WSHWithXpubs() throws {
        let vector = try #require(BIP174Vectors.valid.first { $0.name.contains("one P2WSH input of a 2-of-2") })
        let psbt = try PSBT(base64: vector.base64)
        #expect(psbt.globalEntries.filter { $0.key.first == 0x01 }.count == 2)
        #expect(psbt.inputs[0].otherEntries.contains { $0.key.first == 0x05 })
    }

    @Test("the magic bytes are required")
    func magic() {
        var bytes = PSBTBuilder.sample().bytes
        bytes[4] = 0xfe
        expectInvalid(bytes, "magic")
        expectInvalid([], "magic")
    }

    @Test("compact sizes must be minimal and lengths within the bytes left")
    func compactSizes() {
        let builder = PSBTBuilder.sample()
        // The global unsigned transaction key length 1 written as 0xfd 0x01 0x00.
        var bytes = PSBT.magic + [0xfd, 0x01, 0x00] + Array(builder.bytes.dropFirst(PSBT.magic.count + 1))
        expectInvalid(bytes, "not minimal")
        bytes = builder.bytes
        bytes.removeLast(3)
        expectInvalid(bytes, "truncated")
        expectInvalid(PSBT.magic + [0x01, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], "truncated")
    }

    @Test("a map without its 0x00 separator is truncated; bytes after the last output map are refused")
    func mapEnds() {
        var bytes = PSBTBuilder.sample().bytes
        bytes.removeLast()
        expectInvalid(bytes, "truncated")
        expectInvalid(PSBTBuilder.sample().bytes + [0x00], "after its last output map")
    }

    @Test("a key twice in one map is refused; the same key in two maps is fine")
    func duplicateKeys() throws {
        var builder = PSBTBuilder.sample()
        builder.inputMaps[0].append(([0xf0, 0x01], [0x01]))
        builder.inputMaps[1].append(([0xf0, 0x01], [0x01]))
        #expect(try PSBT(bytes: builder.bytes).inputs[0].otherEntries.count == 1)
        builder.inputMaps[0].append(([0xf0, 0x01], [0x02]))
        expectInvalid(builder.bytes, "twice")
        builder = PSBTBuilder.sample()
        builder.globalEntries.append(([0x00], builder.unsignedTransaction.serialized))
        expectInvalid(builder.bytes, "twice")
    }

    @Test("the global version must be 0; version 2 fields are refused; xpubs, proprietary and unknown keys are carried")
    func globals() throws {
        var builder = PSBTBuilder.sample()
        builder.globalEntries = [([0xfb], [0, 0, 0, 0]), ([0xfc, 0x03, 0x61, 0x62, 0x63], [0x09]), ([0x33], [0x01])]
        #expect(try PSBT(bytes: builder.bytes).globalEntries.count == 2)
        builder.globalEntries = [([0xfb], [2, 0, 0, 0])]
        expectInvalid(builder.bytes, "version 2 is not supported")
        builder.globalEntries = [([0xfb, 0x00], [0, 0, 0, 0])]
        expectInvalid(builder.bytes, "data after its type byte")
        builder.globalEntries = [([0x02], [2, 0, 0, 0])]
        expectInvalid(builder.bytes, "version 2 field")
        builder.globalEntries = [([0x01] + [UInt8](repeating: 7, count: 77), [1, 2, 3, 4])]
        expectInvalid(builder.bytes, "xpub")
    }

    @Test("the unsigned transaction: empty scriptSigs, inputs and outputs, nothing left over, no witness serialisation")
    func unsignedTransaction() {
        let builder = PSBTBuilder.sample()
        var tx = builder.unsignedTransaction.serialized
        // The first input's scriptSig length sits after version (4), count (1), outpoint (36).
        tx.replaceSubrange(41...41, with: [0x01, 0x51])
        expectInvalid(PSBTBuilder.replacingTransaction(builder, with: tx), "has a scriptSig")
        expectInvalid(PSBTBuilder.replacingTransaction(builder, with: builder.unsignedTransaction.serialized + [0]), "more bytes in its value")
        var noOutputs = builder
        noOutputs.outputs = []
        noOutputs.outputMaps = []
        expectInvalid(noOutputs.bytes, "no outputs")
        var noInputs = builder
        noInputs.inputs = []
        noInputs.inputMaps = []
        expectInvalid(noInputs.bytes, "no inputs")
    }

    @Test("there is one input map per input and one output map per output")
    func mapCounts() {
        var builder = PSBTBuilder.sample()
        builder.outputMaps.removeLast()
        expectInvalid(builder.bytes, "truncated")
        builder = PSBTBuilder.sample()
        builder.outputMaps.append([])
        expectInvalid(builder.bytes, "after its last output map")
    }

    @Test("inputs: a witness UTXO is required, at most 21000000 BTC, and input maps with 1-byte keys")
    func witnessUtxo() {
        var builder = PSBTBuilder.sample()
        builder.inputMaps[1] = []
        expectInvalid(builder.bytes, "input 2 has no witness UTXO")
        builder = PSBTBuilder.sample()
        builder.inputMaps[0] = [([0x01], BitcoinOutput(value: BitcoinOutput.maxMoney + 1, script: PSBTBuilder.fromScript).serialized)]
        expectInvalid(builder.bytes, "above 21000000 BTC")
        builder.inputMaps[0] = [([0x01], BitcoinOutput(value: 1, script: PSBTBuilder.fromScript).serialized + [0])]
        expectInvalid(builder.bytes, "bytes after its script")
        builder.inputMaps[0] = [([0x01, 0x00], BitcoinOutput(value: 1, script: PSBTBuilder.fromScript).serialized)]
        expectInvalid(builder.bytes, "data after its type byte")
    }

    @Test(
        "sighash types other than SIGHASH_ALL are refused by name",
        arguments: [(UInt32(2), "SIGHASH_NONE"), (3, "SIGHASH_SINGLE"), (0x81, "SIGHASH_ALL|ANYONECANPAY"), (0, "0 (SIGHASH_DEFAULT)")]
    )
    func sighashTypes(_ type: UInt32, _ name: String) throws {
        var builder = PSBTBuilder.sample()
        builder.inputMaps[1].append(([0x03], BitcoinSerialization.uint32(type)))
        expectInvalid(builder.bytes, "input 2 asks for sighash type \(name)")
        builder = PSBTBuilder.sample()
        builder.inputMaps[1].append(([0x03], BitcoinSerialization.uint32(1)))
        #expect(try PSBT(bytes: builder.bytes).inputs[1].sighashType == 1)
    }

    @Test("finalised inputs, version 2 input fields and duplicate prevouts are refused")
    func inputRules() {
        for type: UInt8 in [0x07, 0x08] {
            var builder = PSBTBuilder.sample()
            builder.inputMaps[0].append(([type], [0x00]))
            expectInvalid(builder.bytes, "input 1 is already finalised")
        }
        var builder = PSBTBuilder.sample()
        builder.inputMaps[0].append(([0x0e], PSBTBuilder.txid(1)))
        expectInvalid(builder.bytes, "version 2 field")
        builder = PSBTBuilder()
        builder.addInput(value: 1_000, txid: PSBTBuilder.txid(9))
        builder.addInput(value: 1_000, txid: PSBTBuilder.txid(9))
        builder.addOutput(value: 1_000, script: PSBTBuilder.otherScript)
        expectInvalid(builder.bytes, "input 2 spends the same output as an earlier input")
    }

    @Test("a non-witness UTXO must be the spent transaction and hold the witness UTXO")
    func nonWitnessUtxo() throws {
        let previous = PSBTBuilder.sample()
        let previousBytes = previous.unsignedTransaction.serialized
        let txid = BitcoinSerialization.doubleSHA256(previousBytes)
        var builder = PSBTBuilder()
        builder.addInput(value: 490_000, txid: txid, index: 1)
        builder.addOutput(value: 480_000, script: PSBTBuilder.otherScript)
        builder.inputMaps[0].append(([0x00], previousBytes))
        #expect(try PSBT(bytes: builder.bytes).inputs[0].nonWitnessUtxo == previousBytes)
        builder.inputs[0] = .init(previousTxid: txid, previousIndex: 0, sequence: 0)
        expectInvalid(builder.bytes, "does not hold its witness UTXO")
        builder.inputs[0] = .init(previousTxid: PSBTBuilder.txid(3), previousIndex: 1, sequence: 0)
        expectInvalid(builder.bytes, "is not the transaction it spends")
    }

    @Test("outputs: each and their sum at most 21000000 BTC, scripts at most 10,000 bytes, version 2 fields refused")
    func outputRules() {
        var builder = PSBTBuilder.sample()
        builder.outputs[0] = BitcoinOutput(value: BitcoinOutput.maxMoney + 1, script: PSBTBuilder.otherScript)
        expectInvalid(builder.bytes, "above 21000000 BTC")
        builder.outputs[0] = BitcoinOutput(value: BitcoinOutput.maxMoney, script: PSBTBuilder.otherScript)
        expectInvalid(builder.bytes, "add up to more than 21000000 BTC")
        builder = PSBTBuilder.sample()
        builder.outputs[0] = BitcoinOutput(value: 1, script: [UInt8](repeating: 0x6a, count: 10_001))
        expectInvalid(builder.bytes, "longer than 10000 bytes")
        builder = PSBTBuilder.sample()
        builder.outputMaps[0] = [([0x03], BitcoinSerialization.uint64(1))]
        expectInvalid(builder.bytes, "version 2 field")
        builder = PSBTBuilder.sample()
        builder.outputMaps[0] = [([0x00, 0x01], [0x51])]
        expectInvalid(builder.bytes, "data after its type byte")
    }

    @Test("at most 1,000 inputs and 1,000 outputs")
    func counts() {
        var builder = PSBTBuilder()
        for index in 0..<1_001 {
            builder.addInput(value: 1_000, txid: PSBTBuilder.txid(1), index: UInt32(index))
        }
        builder.addOutput(value: 1_000, script: PSBTBuilder.otherScript)
        expectInvalid(builder.bytes, "more than 1000")
        builder = PSBTBuilder()
        builder.addInput(value: 1_000)
        for _ in 0..<1_001 { builder.addOutput(value: 0, script: [0x6a]) }
        expectInvalid(builder.bytes, "more than 1000")
    }

    @Test("base64 must be standard and padded, and a PSBT at most 150,000 bytes")
    func base64AndSize() {
        for text in ["", "cHNidP8", "cHNidP8=AA==", "cHNid P8="] {
            #expect(throws: ChainTransactionError(code: .psbtInvalid, message: "")) { try PSBT(base64: text) }
        }
        let huge = String(repeating: "A", count: (PSBT.maxBytes + 2) / 3 * 4 + 4)
        #expect(throws: ChainTransactionError(code: .psbtInvalid, message: "")) { try PSBT(base64: huge) }
        expectInvalid(PSBT.magic + [UInt8](repeating: 0, count: PSBT.maxBytes), "larger than 150000 bytes")
    }
}

extension PSBTBuilder {
    /// The builder's PSBT with the global unsigned transaction's value replaced by `transaction`.
    static func replacingTransaction(_ builder: PSBTBuilder, with transaction: [UInt8]) -> [UInt8] {
        var bytes = PSBT.magic
        bytes += encode([([0x00], transaction)] + builder.globalEntries)
        for map in builder.inputMaps { bytes += encode(map) }
        for map in builder.outputMaps { bytes += encode(map) }
        return bytes
    }
}
