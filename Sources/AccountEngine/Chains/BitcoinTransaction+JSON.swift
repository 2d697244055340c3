import ChainTransactions

extension BitcoinTransaction {
    /// Decodes BitcoinTransaction `args` (PROTOCOL.md section 8.2) strictly: every member present,
    /// no other; the checks of `BitcoinTransaction.init` apply, each with its own code.
    init(json: JSONValue) throws(EngineError) {
        var reader = try JSONObjectReader(json, context: "BitcoinTransaction args", error: { EngineError.invalidTransaction($0) })
        let network = try reader.string("network", maxBytes: 32)
        let from = try reader.string("from", maxBytes: 128)
        let path = try reader.string("path", maxBytes: CallChainSigArgs.maxPathBytes)
        // Read without the reader's length bound: `PSBT(base64:)` judges the length (`psbt_invalid`).
        guard case .string(let psbt)? = reader.optional("psbt") else { throw reader.failure("\"psbt\" must be a string") }
        try reader.finish()
        do {
            try self.init(network: network, from: from, path: path, psbt: psbt)
        } catch {
            throw EngineError(error.code, message: error.message)
        }
    }

    /// The args as JSON: what a stored `signing` transaction keeps to finish the signed
    /// transaction once its signatures are in.
    var json: JSONValue {
        .object([
            "network": .string(network.rawValue),
            "from": .string(from),
            "path": .string(path),
            "psbt": .string(psbtBase64),
        ])
    }
}
