import ChainSigner

extension BitcoinTransaction {
    /// Checks and parses the members of PROTOCOL.md 8.2:
    ///
    /// - `network`: bitcoin, testnet, signet or regtest, else `chain_unknown`.
    /// - `from`: a bech32 witness version 0, 20-byte (P2WPKH) address with the network's prefix, else
    ///   `from_mismatch` (another network's address included).
    /// - `path`: at most 512 UTF-8 bytes (`invalid_transaction`).
    /// - `psbt`: `PSBT(base64:)`'s rules, and every input's witness UTXO pays `from`'s script; the inputs add
    ///   up to at most 21,000,000 BTC and to at least the outputs (`psbt_invalid`).
    public init(network: String, from: String, path: String, psbt base64: String) throws(ChainTransactionError) {
        guard let parsedNetwork = BitcoinNetwork(rawValue: network) else {
            throw ChainTransactionError(
                code: .chainUnknown,
                message: "network \"\(DisplayText.escaped(network, limit: 32))\" is not bitcoin, testnet, signet or regtest"
            )
        }
        let program = try Self.p2wpkhProgram(from, network: parsedNetwork)
        guard path.utf8.count <= Self.maxPathBytes else {
            throw ChainTransactionError(code: .invalidTransaction, message: "path is at most \(Self.maxPathBytes) bytes")
        }
        let psbt = try PSBT(base64: base64)
        let fromScript: [UInt8] = [0x00, 0x14] + program
        let lowercaseFrom = from.lowercased()

        var inputTotal: UInt64 = 0
        for (offset, input) in psbt.inputs.enumerated() {
            guard input.witnessUtxo.script == fromScript else {
                let paid =
                    BitcoinAddress.describe(script: input.witnessUtxo.script, network: parsedNetwork)?.address
                    ?? "script \(input.witnessUtxo.script.hexString)"
                throw ChainTransactionError(code: .psbtInvalid, message: "input \(offset + 1) pays \(paid), not from")
            }
            // Each value is at most MAX_MONEY and there are at most 1,000: the sum cannot overflow.
            inputTotal += input.witnessUtxo.value
            guard inputTotal <= BitcoinOutput.maxMoney else {
                throw ChainTransactionError(code: .psbtInvalid, message: "the inputs add up to more than 21000000 BTC")
            }
        }
        let outputTotal = psbt.unsignedTransaction.outputs.reduce(0) { $0 + $1.value }
        guard outputTotal <= inputTotal else {
            throw ChainTransactionError(
                code: .psbtInvalid,
                message: "outputs (\(BitcoinSummary.btc(outputTotal))) are above the inputs (\(BitcoinSummary.btc(inputTotal)))"
            )
        }
        self.network = parsedNetwork
        self.from = lowercaseFrom
        self.fromScript = fromScript
        self.path = path
        self.psbt = psbt
        self.inputTotal = inputTotal
        self.outputTotal = outputTotal
        self.signingPayloads = BitcoinSighash.payloads(psbt: psbt, publicKeyHash: program)
    }

    /// The 20-byte witness program of a P2WPKH address on `network`, else `from_mismatch`.
    static func p2wpkhProgram(_ from: String, network: BitcoinNetwork) throws(ChainTransactionError) -> [UInt8] {
        let mismatch = ChainTransactionError(
            code: .fromMismatch,
            message:
                "from \"\(DisplayText.escaped(from, limit: 100))\" is not a P2WPKH address on \(network.displayName) (\(network.bech32Prefix)1q…)"
        )
        do {
            let (version, program) = try Bech32.decodeSegwitAddress(from, humanReadablePart: network.bech32Prefix)
            guard version == 0, program.count == 20 else { throw mismatch }
            return program
        } catch {
            throw mismatch
        }
    }
}
