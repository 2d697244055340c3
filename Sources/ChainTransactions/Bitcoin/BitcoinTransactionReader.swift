/// Transactions as the network serialises them, read for a PSBT: the unsigned transaction (non-witness,
/// scriptSigs empty, within chainmail's bounds) and a non-witness UTXO (any transaction, witness
/// serialisation allowed, read only for its txid and outputs).
enum BitcoinTransactionReader {
    /// The most inputs and the most outputs of a transaction chainmail signs.
    static let maxInputs = 1_000
    static let maxOutputs = 1_000
    /// The longest output script chainmail accepts (Bitcoin Core's MAX_SCRIPT_SIZE).
    static let maxScriptBytes = 10_000

    /// The unsigned transaction of a PSBT, which must fill `range` exactly.
    static func unsignedTransaction(_ bytes: [UInt8], range: Range<Int>) throws(ChainTransactionError) -> BitcoinUnsignedTransaction {
        var reader = BitcoinByteReader(bytes, from: range.lowerBound, to: range.upperBound)
        let version = try reader.uint32("the unsigned transaction's version")
        let inputCount = try reader.compactSize("the unsigned transaction's input count")
        guard inputCount >= 1 else {
            throw BitcoinByteReader.invalid("the unsigned transaction has no inputs (or is in witness serialisation)")
        }
        guard inputCount <= maxInputs else {
            throw BitcoinByteReader.invalid("the unsigned transaction has \(inputCount) inputs, more than \(maxInputs)")
        }
        var inputs: [BitcoinUnsignedTransaction.Input] = []
        for index in 1...inputCount {
            let txid = try reader.read(32, "input \(index) of the unsigned transaction")
            let previousIndex = try reader.uint32("input \(index) of the unsigned transaction")
            let scriptSig = try reader.lengthPrefixed("the scriptSig of input \(index)")
            guard scriptSig.isEmpty else {
                throw BitcoinByteReader.invalid("input \(index) of the unsigned transaction has a scriptSig")
            }
            let sequence = try reader.uint32("input \(index) of the unsigned transaction")
            inputs.append(.init(previousTxid: txid, previousIndex: previousIndex, sequence: sequence))
        }
        let outputCount = try reader.compactSize("the unsigned transaction's output count")
        guard outputCount >= 1 else {
            throw BitcoinByteReader.invalid("the unsigned transaction has no outputs")
        }
        guard outputCount <= maxOutputs else {
            throw BitcoinByteReader.invalid("the unsigned transaction has \(outputCount) outputs, more than \(maxOutputs)")
        }
        var outputs: [BitcoinOutput] = []
        var total: UInt64 = 0
        for index in 1...outputCount {
            let output = try self.output(&reader, "output \(index) of the unsigned transaction")
            guard output.value <= BitcoinOutput.maxMoney else {
                throw BitcoinByteReader.invalid("output \(index) is above 21000000 BTC")
            }
            // Each term is at most MAX_MONEY and there are at most 1,000: the sum cannot overflow.
            total += output.value
            guard total <= BitcoinOutput.maxMoney else {
                throw BitcoinByteReader.invalid("the outputs add up to more than 21000000 BTC")
            }
            outputs.append(output)
        }
        let lockTime = try reader.uint32("the unsigned transaction's lock time")
        guard reader.isAtEnd else {
            throw BitcoinByteReader.invalid("the unsigned transaction is followed by \(reader.remaining) more bytes in its value")
        }
        return BitcoinUnsignedTransaction(version: version, inputs: inputs, outputs: outputs, lockTime: lockTime)
    }

    /// An output: value and script, the script at most `maxScriptBytes` when `bounded`.
    static func output(
        _ reader: inout BitcoinByteReader,
        _ what: @autoclosure () -> String,
        bounded: Bool = true
    ) throws(ChainTransactionError) -> BitcoinOutput {
        let value = try reader.uint64(what())
        let script = try reader.lengthPrefixed("the script of \(what())")
        guard !bounded || script.count <= maxScriptBytes else {
            throw BitcoinByteReader.invalid("the script of \(what()) is longer than \(maxScriptBytes) bytes")
        }
        return BitcoinOutput(value: value, script: Array(reader.bytes[script]))
    }

    /// A non-witness UTXO (any transaction, witness serialisation allowed): its txid in internal byte
    /// order and the output at `index`, nil when it has no such output. Must fill `range` exactly.
    static func previousOutput(
        _ bytes: [UInt8],
        range: Range<Int>,
        index: UInt32,
        what: String
    ) throws(ChainTransactionError) -> (txid: [UInt8], output: BitcoinOutput?) {
        var reader = BitcoinByteReader(bytes, from: range.lowerBound, to: range.upperBound)
        let versionRange = try reader.take(4, what)
        var hasWitness = false
        if reader.remaining >= 2, bytes[reader.position] == 0, bytes[reader.position + 1] == 1 {
            hasWitness = true
            _ = try reader.take(2, what)
        }
        let bodyStart = reader.position
        let inputCount = try reader.compactSize(what)
        for _ in 0..<inputCount {
            _ = try reader.take(36, what)
            _ = try reader.lengthPrefixed(what)
            _ = try reader.take(4, what)
        }
        let outputCount = try reader.compactSize(what)
        var found: BitcoinOutput?
        for outputIndex in 0..<outputCount {
            let output = try self.output(&reader, what, bounded: false)
            if outputIndex == Int(index) { found = output }
        }
        let bodyEnd = reader.position
        if hasWitness {
            for _ in 0..<inputCount {
                let items = try reader.compactSize(what)
                for _ in 0..<items {
                    _ = try reader.lengthPrefixed(what)
                }
            }
        }
        let lockTimeRange = try reader.take(4, what)
        guard reader.isAtEnd else {
            throw BitcoinByteReader.invalid("\(what) is followed by \(reader.remaining) more bytes in its value")
        }
        let stripped = Array(bytes[versionRange]) + Array(bytes[bodyStart..<bodyEnd]) + Array(bytes[lockTimeRange])
        return (BitcoinSerialization.doubleSHA256(stripped), found)
    }
}
