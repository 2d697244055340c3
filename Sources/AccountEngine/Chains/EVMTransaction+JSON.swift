import ChainTransactions

extension EVMTransaction {
    /// Decodes EVMTransaction `args` (PROTOCOL.md section 8.1) strictly: every member present,
    /// no other; the checks of `EVMTransaction.init` apply, each with its own code.
    init(json: JSONValue) throws(EngineError) {
        var reader = try JSONObjectReader(json, context: "EVMTransaction args", error: { EngineError.invalidTransaction($0) })
        let chainId = try reader.safeInteger("chainId")
        let from = try reader.string("from", maxBytes: 64)
        let path = try reader.string("path", maxBytes: CallChainSigArgs.maxPathBytes)
        let nonce = try reader.safeInteger("nonce")
        let to: String?
        switch reader.optional("to") {
        case nil, .null?: to = nil
        case .string(let text)?: to = text
        case let other?: throw reader.failure("\"to\" must be a string, not \(other.typeName)")
        }
        let value = try reader.string("value", maxBytes: 100)
        // Read without the reader's length bound: `EVMTransaction.init` judges the length (`data_too_large`).
        guard case .string(let data)? = reader.optional("data") else { throw reader.failure("\"data\" must be a string") }
        let gasLimit = try reader.safeInteger("gasLimit")
        let maxFeePerGas = try reader.string("maxFeePerGas", maxBytes: 100)
        let maxPriorityFeePerGas = try reader.string("maxPriorityFeePerGas", maxBytes: 100)
        try reader.finish()
        do {
            try self.init(
                chainId: chainId,
                from: from,
                path: path,
                nonce: nonce,
                to: to,
                value: value,
                data: data,
                gasLimit: gasLimit,
                maxFeePerGas: maxFeePerGas,
                maxPriorityFeePerGas: maxPriorityFeePerGas
            )
        } catch {
            throw EngineError(error.code, message: error.message)
        }
    }

    /// The args as JSON, addresses in lowercase hex: what a stored `signing` transaction keeps to
    /// finish the signed transaction once its signature is in.
    var json: JSONValue {
        .object([
            "chainId": .integer(chainId),
            "from": .string(from.lowercaseHex),
            "path": .string(path),
            "nonce": .integer(nonce),
            "to": .string(to.lowercaseHex),
            "value": .string(value.decimalString),
            "data": .string("0x" + data.hexString),
            "gasLimit": .integer(gasLimit),
            "maxFeePerGas": .string(maxFeePerGas.decimalString),
            "maxPriorityFeePerGas": .string(maxPriorityFeePerGas.decimalString),
        ])
    }
}
