import ChainSigner

extension PSBT {
    /// The magic bytes every PSBT starts with: `psbt` and 0xFF.
    static let magic: [UInt8] = [0x70, 0x73, 0x62, 0x74, 0xff]

    /// Parses a BIP-174 version 0 PSBT by the rules of PROTOCOL.md 8.2: magic; minimal compact sizes within
    /// the bytes left; maps ending in 0x00 without duplicate keys; the unsigned transaction (global 0x00)
    /// with empty scriptSigs, 1 to 1,000 inputs and outputs and nothing after it; version 0 if given; one
    /// input map per input and one output map per output, then nothing. Inputs need a witness UTXO (whose
    /// value is at most 21,000,000 BTC), match their non-witness UTXO, use SIGHASH_ALL if they name a
    /// sighash type, are not finalised, and spend distinct outpoints. Version 2 fields are refused.
    public init(bytes: [UInt8]) throws(ChainTransactionError) {
        guard bytes.count <= Self.maxBytes else {
            throw BitcoinByteReader.invalid("the PSBT is larger than \(Self.maxBytes) bytes")
        }
        var reader = BitcoinByteReader(bytes)
        guard bytes.starts(with: Self.magic) else {
            throw BitcoinByteReader.invalid("the PSBT does not start with the magic bytes psbt\\xff")
        }
        _ = try reader.take(Self.magic.count, "the magic")

        var unsigned: BitcoinUnsignedTransaction?
        var globals: [KeyValue] = []
        for entry in try Self.readMap(&reader, "the global map") {
            let (type, keyData, value) = (entry.type, entry.keyData, entry.value)
            switch type {
            case 0x00:
                try Self.requireNoKeyData(keyData, "the global unsigned transaction")
                unsigned = try BitcoinTransactionReader.unsignedTransaction(bytes, range: value)
            case 0xfb:
                try Self.requireNoKeyData(keyData, "the global version")
                var valueReader = BitcoinByteReader(bytes, from: value.lowerBound, to: value.upperBound)
                let version = try valueReader.uint32("the global version")
                guard valueReader.isAtEnd else { throw BitcoinByteReader.invalid("the global version is not 4 bytes") }
                guard version == 0 else { throw BitcoinByteReader.invalid("PSBT version \(version) is not supported (only version 0)") }
            case 0x02...0x06:
                throw BitcoinByteReader.invalid("global key type \(type) is a PSBT version 2 field, not allowed in version 0")
            case 0x01:
                // BIP-32 extended key: 78 bytes of key data, a fingerprint and 4-byte path elements.
                guard keyData.count == 78, value.count >= 4, value.count % 4 == 0 else {
                    throw BitcoinByteReader.invalid("a global xpub has a key that is not 78 bytes or a malformed derivation path")
                }
                globals.append(entry.keyValue(bytes))
            default:
                globals.append(entry.keyValue(bytes))
            }
        }
        guard let unsigned else {
            throw BitcoinByteReader.invalid("the PSBT has no unsigned transaction (global key 0x00)")
        }

        var inputs: [Input] = []
        var outpoints = Set<[UInt8]>()
        for (offset, txInput) in unsigned.inputs.enumerated() {
            let number = offset + 1
            inputs.append(try Self.readInput(&reader, number: number, spending: txInput))
            guard outpoints.insert(txInput.outpoint).inserted else {
                throw BitcoinByteReader.invalid("input \(number) spends the same output as an earlier input")
            }
        }
        var outputs: [Output] = []
        for number in 1...unsigned.outputs.count {
            outputs.append(try Self.readOutput(&reader, number: number))
        }
        guard reader.isAtEnd else {
            throw BitcoinByteReader.invalid("the PSBT has \(reader.remaining) bytes after its last output map")
        }
        self.bytes = bytes
        self.unsignedTransaction = unsigned
        self.inputs = inputs
        self.outputs = outputs
        self.globalEntries = globals
    }

    /// A map entry by position: key type, key data and value as ranges of the PSBT's bytes.
    struct Entry {
        let key: Range<Int>
        let type: UInt8
        let keyData: Range<Int>
        let value: Range<Int>

        func keyValue(_ bytes: [UInt8]) -> KeyValue {
            KeyValue(key: Array(bytes[key]), value: Array(bytes[value]))
        }
    }

    /// Key-value pairs up to the 0x00 separator; a key twice (the same bytes) is refused.
    static func readMap(_ reader: inout BitcoinByteReader, _ what: String) throws(ChainTransactionError) -> [Entry] {
        var entries: [Entry] = []
        var keys = Set<ArraySlice<UInt8>>()
        while true {
            let key = try reader.lengthPrefixed("a key of \(what) (or its 0x00 separator)")
            if key.isEmpty { return entries }
            let value = try reader.lengthPrefixed("a value of \(what)")
            guard keys.insert(reader.bytes[key]).inserted else {
                throw BitcoinByteReader.invalid("\(what) has the key \(reader.bytes[key].hexString) twice")
            }
            let type = reader.bytes[key.lowerBound]
            entries.append(Entry(key: key, type: type, keyData: (key.lowerBound + 1)..<key.upperBound, value: value))
        }
    }

    /// Key types that carry no key data have a 1-byte key.
    static func requireNoKeyData(_ keyData: Range<Int>, _ what: String) throws(ChainTransactionError) {
        guard keyData.isEmpty else {
            throw BitcoinByteReader.invalid("the key of \(what) has data after its type byte")
        }
    }

    /// A public key as key data (partial signatures, derivation paths): 33 bytes compressed or 65 uncompressed.
    static func requirePublicKey(_ bytes: [UInt8], _ keyData: Range<Int>, _ what: String) throws(ChainTransactionError) {
        let prefix = keyData.isEmpty ? 0 : bytes[keyData.lowerBound]
        guard (keyData.count == 33 && (prefix == 2 || prefix == 3)) || (keyData.count == 65 && prefix == 4) else {
            throw BitcoinByteReader.invalid("\(what) has a key whose public key is not 33 or 65 bytes")
        }
    }

    static func readInput(
        _ reader: inout BitcoinByteReader,
        number: Int,
        spending txInput: BitcoinUnsignedTransaction.Input
    ) throws(ChainTransactionError) -> Input {
        let bytes = reader.bytes
        let what = "input \(number)"
        var nonWitness: Range<Int>?
        var witnessUtxo: BitcoinOutput?
        var sighash: UInt32?
        var others: [KeyValue] = []
        for entry in try readMap(&reader, "the map of \(what)") {
            switch entry.type {
            case 0x00:
                try requireNoKeyData(entry.keyData, "the non-witness UTXO of \(what)")
                nonWitness = entry.value
            case 0x01:
                try requireNoKeyData(entry.keyData, "the witness UTXO of \(what)")
                var valueReader = BitcoinByteReader(bytes, from: entry.value.lowerBound, to: entry.value.upperBound)
                let output = try BitcoinTransactionReader.output(&valueReader, "the witness UTXO of \(what)")
                guard valueReader.isAtEnd else {
                    throw BitcoinByteReader.invalid("the witness UTXO of \(what) has bytes after its script")
                }
                guard output.value <= BitcoinOutput.maxMoney else {
                    throw BitcoinByteReader.invalid("the witness UTXO of \(what) is above 21000000 BTC")
                }
                witnessUtxo = output
            case 0x02:
                try requirePublicKey(bytes, entry.keyData, "a partial signature of \(what)")
                others.append(entry.keyValue(bytes))
            case 0x03:
                try requireNoKeyData(entry.keyData, "the sighash type of \(what)")
                var valueReader = BitcoinByteReader(bytes, from: entry.value.lowerBound, to: entry.value.upperBound)
                let type = try valueReader.uint32("the sighash type of \(what)")
                guard valueReader.isAtEnd else { throw BitcoinByteReader.invalid("the sighash type of \(what) is not 4 bytes") }
                guard type == 1 else {
                    throw BitcoinByteReader.invalid("\(what) asks for sighash type \(sighashName(type)); only SIGHASH_ALL is signed")
                }
                sighash = type
            case 0x04, 0x05:
                try requireNoKeyData(entry.keyData, entry.type == 0x04 ? "the redeem script of \(what)" : "the witness script of \(what)")
                others.append(entry.keyValue(bytes))
            case 0x06:
                try requirePublicKey(bytes, entry.keyData, "a BIP-32 derivation of \(what)")
                others.append(entry.keyValue(bytes))
            case 0x07, 0x08:
                throw BitcoinByteReader.invalid("\(what) is already finalised")
            case 0x0e...0x12:
                throw BitcoinByteReader.invalid("\(what) has key type \(entry.type), a PSBT version 2 field, not allowed in version 0")
            default:
                others.append(entry.keyValue(bytes))
            }
        }
        guard let witnessUtxo else {
            throw BitcoinByteReader.invalid("\(what) has no witness UTXO (key 0x01)")
        }
        if let nonWitness {
            let (txid, output) = try BitcoinTransactionReader.previousOutput(
                bytes,
                range: nonWitness,
                index: txInput.previousIndex,
                what: "the non-witness UTXO of \(what)"
            )
            guard txid == txInput.previousTxid else {
                throw BitcoinByteReader.invalid("the non-witness UTXO of \(what) is not the transaction it spends")
            }
            guard output == witnessUtxo else {
                throw BitcoinByteReader.invalid("the non-witness UTXO of \(what) does not hold its witness UTXO at the spent index")
            }
        }
        return Input(
            nonWitnessUtxo: nonWitness.map { Array(bytes[$0]) },
            witnessUtxo: witnessUtxo,
            sighashType: sighash,
            otherEntries: others
        )
    }

    static func readOutput(_ reader: inout BitcoinByteReader, number: Int) throws(ChainTransactionError) -> Output {
        let bytes = reader.bytes
        let what = "output \(number)"
        var entries: [KeyValue] = []
        for entry in try readMap(&reader, "the map of \(what)") {
            switch entry.type {
            case 0x00, 0x01:
                try requireNoKeyData(entry.keyData, entry.type == 0 ? "the redeem script of \(what)" : "the witness script of \(what)")
            case 0x02:
                try requirePublicKey(bytes, entry.keyData, "a BIP-32 derivation of \(what)")
            case 0x03, 0x04:
                throw BitcoinByteReader.invalid("\(what) has key type \(entry.type), a PSBT version 2 field, not allowed in version 0")
            default:
                break
            }
            entries.append(entry.keyValue(bytes))
        }
        return Output(entries: entries)
    }

    /// SIGHASH_NONE, SIGHASH_SINGLE, their ANYONECANPAY forms, or the number.
    static func sighashName(_ type: UInt32) -> String {
        switch type {
        case 0: "0 (SIGHASH_DEFAULT)"
        case 2: "SIGHASH_NONE"
        case 3: "SIGHASH_SINGLE"
        case 0x81: "SIGHASH_ALL|ANYONECANPAY"
        case 0x82: "SIGHASH_NONE|ANYONECANPAY"
        case 0x83: "SIGHASH_SINGLE|ANYONECANPAY"
        default: "\(type)"
        }
    }
}
