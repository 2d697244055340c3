import Foundation

/// Turns the NEAR RPC's error object into a `NEARRPCError`.
///
/// The object (nearcore `RpcError`, docs.near.org "RPC Errors") is
/// `{"name","cause":{"name","info"},"code","message","data"}`, sent with HTTP 200, 400, 408 or 500.
/// `name` is `HANDLER_ERROR`, `REQUEST_VALIDATION_ERROR` or `INTERNAL_ERROR`; `cause.name` says
/// what happened. An invalid transaction (`cause.name` `INVALID_TRANSACTION`) has an empty
/// `cause.info`: its detail is only in the legacy `data`,
/// `{"TxExecutionError":{"InvalidTxError":<InvalidTxError>}}`.
package enum NEARRPCErrorMapping {
    /// The error for `error`, the value of an answer's `error` member.
    package static func error(from error: Any, httpStatus: Int) -> NEARRPCError {
        guard let object = error as? [String: Any] else {
            return .invalidResponse("the RPC's error is not an object: \(JSONText.of(error))")
        }
        let name = object["name"] as? String
        let cause = object["cause"] as? [String: Any]
        let causeName = cause?["name"] as? String
        let detail = describe(object)
        if let invalid = invalidTransactionError(object["data"]) {
            return invalidTransaction(invalid, detail: detail)
        }
        switch causeName {
        case "INVALID_TRANSACTION":
            return .transactionInvalid("the RPC refused the transaction: \(detail)")
        case "UNKNOWN_ACCOUNT", "INVALID_ACCOUNT":
            return .unknownAccount("the account does not exist: \(detail)")
        case "UNKNOWN_ACCESS_KEY":
            return .keyNotAuthorised("the key is not an access key of the account: \(detail)")
        case "UNKNOWN_TRANSACTION":
            return .unknownTransaction("the RPC does not know the transaction: \(detail)")
        case "TIMEOUT_ERROR":
            return .timeout("the RPC timed out: \(detail)")
        case "CONTRACT_EXECUTION_ERROR":
            return .contractFailure("the contract call failed: \(detail)")
        case "INTERNAL_ERROR", "NO_SYNCED_BLOCKS", "NOT_SYNCED_YET", "UNAVAILABLE_SHARD", "DOES_NOT_TRACK_SHARD", "UNKNOWN_BLOCK",
            "UNKNOWN_CHUNK", "UNKNOWN_EPOCH":
            return .unavailable("the RPC cannot answer now: \(detail)")
        case "PARSE_ERROR", "METHOD_NOT_FOUND":
            return .transactionInvalid("the RPC refused the request: \(detail)")
        default:
            break
        }
        if name == "INTERNAL_ERROR" { return .unavailable("the RPC failed: \(detail)") }
        if name == "REQUEST_VALIDATION_ERROR" { return .transactionInvalid("the RPC refused the request: \(detail)") }
        if httpStatus == 408 { return .timeout("the RPC timed out (HTTP 408): \(detail)") }
        if httpStatus >= 500 { return .unavailable("the RPC failed (HTTP \(httpStatus)): \(detail)") }
        return .invalidResponse("an RPC error chainmail does not know: \(detail)")
    }

    /// The `InvalidTxError` inside legacy `data` `{"TxExecutionError":{"InvalidTxError":…}}`, if there is one.
    private static func invalidTransactionError(_ data: Any?) -> Any? {
        guard let data = data as? [String: Any], let execution = data["TxExecutionError"] as? [String: Any] else { return nil }
        return execution["InvalidTxError"]
    }

    /// The error for an `InvalidTxError` (nearcore core/primitives/src/errors.rs): a unit variant
    /// is a string (`"Expired"`), another an object of one member.
    private static func invalidTransaction(_ invalid: Any, detail: String) -> NEARRPCError {
        let variant: String
        let fields: Any?
        if let text = invalid as? String {
            (variant, fields) = (text, nil)
        } else if let object = invalid as? [String: Any], object.count == 1, let (key, value) = object.first {
            (variant, fields) = (key, value)
        } else {
            return .transactionInvalid("the RPC refused the transaction: \(detail)")
        }
        switch variant {
        case "InvalidNonce":
            let accessKeyNonce = ((fields as? [String: Any])?["ak_nonce"]).flatMap(JSONNumber.uint64)
            return .invalidNonce(
                "the nonce is used; the access key's is \(accessKeyNonce.map(String.init) ?? "unknown"): \(detail)",
                accessKeyNonce: accessKeyNonce
            )
        case "Expired":
            return .expiredBlockHash("the transaction's block hash has expired: \(detail)")
        case "NotEnoughBalance", "LackBalanceForState":
            return .notEnoughBalance("the signer cannot pay for the transaction: \(detail)")
        case "SignerDoesNotExist":
            return .unknownAccount("the signer account does not exist: \(detail)")
        case "InvalidAccessKeyError":
            if let kind = fields as? [String: Any], kind["NotEnoughAllowance"] != nil {
                return .notEnoughBalance("the access key's allowance cannot pay for the transaction: \(detail)")
            }
            return .keyNotAuthorised("the access key may not sign this transaction: \(detail)")
        default:
            return .transactionInvalid("the RPC refused the transaction (\(variant)): \(detail)")
        }
    }

    /// The parts of the error worth a log line: name, cause, legacy data.
    private static func describe(_ object: [String: Any]) -> String {
        var parts: [String] = []
        if let name = object["name"] as? String { parts.append(name) }
        if let cause = object["cause"] { parts.append("cause \(JSONText.of(cause))") }
        if let data = object["data"] { parts.append("data \(JSONText.of(data))") }
        if parts.isEmpty { parts.append(JSONText.of(object)) }
        return parts.joined(separator: ", ")
    }
}
