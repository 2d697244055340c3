import ByteEncoding
import ErrorCodes
import Foundation

/// Reads an EVM node's JSON-RPC answers: the envelope, then each method's `result`. Pure functions
/// of the HTTP status and body, so every answer shape is tested without a node.
package enum EVMRPCResponse {
    /// The longest node message an error keeps (the rest is cut, with "…").
    package static let maximumMessageLength = 500

    /// The outcome of one call: a `result`, or the node's JSON-RPC error (`code`, `message`).
    package enum Answer {
        case result(Any)
        case error(code: Int?, message: String)
    }

    /// The answer in `body`. A 5xx or 429 status is `evm_rpc_unavailable` whatever the body says (a
    /// proxy or a node in trouble; trying again may help); any other status must carry a JSON-RPC
    /// 2.0 answer, a `result` or an `error` object, else `evm_rpc_invalid_response`.
    package static func answer(httpStatus: Int, body: [UInt8], method: String) throws(ChainTransactionError) -> Answer {
        if httpStatus == 429 || (500...599).contains(httpStatus) {
            throw unavailable("the node answered \(method) with HTTP \(httpStatus): \(excerpt(body))")
        }
        let parsed = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        guard let envelope = parsed as? [String: Any], envelope["jsonrpc"] as? String == "2.0" else {
            throw invalid("the answer to \(method) is not JSON-RPC 2.0 (HTTP \(httpStatus)): \(excerpt(body))")
        }
        if let error = envelope["error"], !(error is NSNull) {
            guard let object = error as? [String: Any], let message = object["message"] as? String else {
                throw invalid("the answer to \(method) has an error without a message: \(excerpt(body))")
            }
            return .error(code: (object["code"] as? NSNumber).flatMap { Int(exactly: $0.doubleValue) }, message: bounded(message))
        }
        guard let result = envelope["result"] else {
            throw invalid("the answer to \(method) has neither result nor error: \(excerpt(body))")
        }
        guard httpStatus == 200 else { throw invalid("the answer to \(method) has a result with HTTP \(httpStatus)") }
        return .result(result)
    }

    /// The `result` of an answer to a method that reads the chain: a JSON-RPC error there is
    /// `evm_rpc_unavailable` with the node's message (a node that cannot tell, a limit reached, a
    /// call that reverts while estimating gas: nothing chainmail can send is wrong).
    package static func result(httpStatus: Int, body: [UInt8], method: String) throws(ChainTransactionError) -> Any {
        switch try answer(httpStatus: httpStatus, body: body, method: method) {
        case .result(let result): return result
        case .error(let code, let message):
            throw unavailable("the node refused \(method)\(code.map { " (\($0))" } ?? ""): \(message)")
        }
    }

    /// `value` as a JSON-RPC quantity: `0x` and hex digits without leading zeros (`0x0` for zero).
    package static func hexQuantity(_ value: UInt256) -> String {
        let digits = Hex.encode(value.minimalBigEndianBytes).drop { $0 == "0" }
        return "0x" + (digits.isEmpty ? "0" : digits)
    }

    /// A hex quantity (`0x1a`) that fits 64 bits.
    package static func uint64(_ value: Any, _ what: String) throws(ChainTransactionError) -> UInt64 {
        let bytes = try quantity(value, what)
        guard bytes.count <= 8 else { throw invalid("\(what) is over 64 bits: \(describe(value))") }
        return bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A hex quantity (`0x` then 1 to 64 hex digits, without leading zeros as the JSON-RPC spec
    /// writes them, though `0x00…` is read too) as its big-endian bytes without leading zero
    /// bytes: zero is the empty array, as RLP writes it.
    package static func quantity(_ value: Any, _ what: String) throws(ChainTransactionError) -> [UInt8] {
        guard let text = value as? String, text.hasPrefix("0x") || text.hasPrefix("0X") else {
            throw invalid("\(what) is not a hex quantity: \(describe(value))")
        }
        var digits = Substring(text.dropFirst(2))
        guard !digits.isEmpty, digits.count <= 64 else { throw invalid("\(what) is not a hex quantity below 2^256: \(describe(value))") }
        while digits.first == "0" { digits = digits.dropFirst() }
        if digits.count % 2 == 1 { digits = "0" + digits }
        guard let bytes = Hex.decode(digits) else { throw invalid("\(what) is not a hex quantity: \(describe(value))") }
        return bytes
    }

    /// A 32-byte hash as `0x` and 64 lowercase hex digits.
    package static func hash(_ value: Any, _ what: String) throws(ChainTransactionError) -> String {
        guard let text = value as? String, text.count == 66, text.hasPrefix("0x"), let bytes = Hex.decode(text.dropFirst(2)) else {
            throw invalid("\(what) is not a 32-byte hash: \(describe(value))")
        }
        return "0x" + Hex.encode(bytes)
    }

    /// `eth_getTransactionReceipt`: nil while the transaction is pending or unknown (`null`, or a
    /// receipt without a block number as some nodes give for pending ones); else its `status`
    /// (`0x1` success, `0x0` reverted) and block.
    package static func receipt(_ result: Any) throws(ChainTransactionError) -> EVMReceipt? {
        if result is NSNull { return nil }
        guard let object = result as? [String: Any] else { throw invalid("a receipt that is not an object: \(describe(result))") }
        guard let number = object["blockNumber"], !(number is NSNull) else { return nil }
        let blockNumber = try uint64(number, "the receipt's blockNumber")
        guard let status = object["status"] else { throw invalid("a receipt without status: \(describe(result))") }
        switch try uint64(status, "the receipt's status") {
        case 1: return EVMReceipt(succeeded: true, blockNumber: blockNumber)
        case 0: return EVMReceipt(succeeded: false, blockNumber: blockNumber)
        default: throw invalid("a receipt status that is neither 0x0 nor 0x1: \(describe(status))")
        }
    }

    /// `eth_feeHistory`: the first `baseFeePerGas`, the oldest block's (with a block count of 1,
    /// the newest block's; the list's last entry is the block after it).
    package static func oldestBaseFee(_ result: Any) throws(ChainTransactionError) -> [UInt8] {
        guard let fees = (result as? [String: Any])?["baseFeePerGas"] as? [Any], let first = fees.first else {
            throw invalid("a fee history without baseFeePerGas: \(describe(result))")
        }
        return try quantity(first, "baseFeePerGas")
    }

    /// Whether the node's message to eth_sendRawTransaction says it has this very transaction
    /// already: geth's "already known" (older geth "known transaction: <hash>"), Erigon's
    /// "ALREADY_EXISTS", Nethermind's "AlreadyKnown", Besu's "TRANSACTION_ALREADY_KNOWN", OpenEthereum's
    /// "Transaction with the same hash was already imported."
    package static func saysAlreadyKnown(_ message: String) -> Bool {
        let words = squeezed(message)
        // "known transaction", but not "unknown transaction type".
        let knownTransaction = words.hasPrefix("knowntransaction") || words.contains(":knowntransaction")
        return knownTransaction || words.contains("alreadyknown") || words.contains("alreadyexists") || words.contains("alreadyimported")
    }

    /// Whether the node's message says the transaction's nonce is used already (geth's "nonce too
    /// low", Besu's "NONCE_TOO_LOW", Nethermind's "OldNonce"): the transaction is refused, unless it
    /// is this very transaction, mined after an earlier send.
    /// A nonce beyond the account's next: the node holds it back until the ones before arrive
    /// (or refuses it for now); sent again later, it is taken.
    package static func saysNonceTooHigh(_ message: String) -> Bool {
        squeezed(message).contains("noncetoohigh")
    }

    package static func saysNonceTooLow(_ message: String) -> Bool {
        let words = squeezed(message)
        return words.contains("noncetoolow") || words.contains("oldnonce")
    }

    /// The message without case, spaces, `_` and `-`.
    private static func squeezed(_ message: String) -> String {
        String(message.lowercased().unicodeScalars.filter { $0 != " " && $0 != "_" && $0 != "-" })
    }

    /// At most `maximumMessageLength` characters of a node's message.
    package static func bounded(_ message: String) -> String {
        message.count > maximumMessageLength ? String(message.prefix(maximumMessageLength - 1)) + "…" : message
    }

    private static func excerpt(_ body: [UInt8]) -> String {
        bounded(String(decoding: body.prefix(maximumMessageLength * 4), as: UTF8.self))
    }

    package static func unavailable(_ message: String) -> ChainTransactionError {
        ChainTransactionError(code: .evmRpcUnavailable, message: message)
    }

    package static func invalid(_ message: String) -> ChainTransactionError {
        ChainTransactionError(code: .evmRpcInvalidResponse, message: message)
    }

    /// Compact JSON text of a value read by `JSONSerialization`, for messages (sorted keys, bounded).
    private static func describe(_ value: Any) -> String {
        let text: String
        if let string = value as? String {
            text = "\"\(string)\""
        } else if JSONSerialization.isValidJSONObject(value),
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        {
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = String(describing: value)
        }
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
