import ByteEncoding
import Foundation

/// Reads the NEAR RPC's answers: the JSON-RPC envelope, then each method's `result`. Pure
/// functions of the HTTP status and body, so every answer shape is tested without a server.
package enum NEARRPCResponse {
    /// The `result` of a JSON-RPC answer, or the error it holds. The body is read whatever the
    /// HTTP status, as the RPC sends its error object with 200, 400, 408 and 500; a status without
    /// a readable body is mapped by itself (408 time-out, 5xx and 429 unavailable).
    package static func result(httpStatus: Int, body: [UInt8]) throws(NEARRPCError) -> Any {
        let parsed = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        guard let envelope = parsed as? [String: Any], envelope["result"] != nil || envelope["error"] != nil else {
            let excerpt = String(decoding: body.prefix(200), as: UTF8.self)
            switch httpStatus {
            case 408: throw .timeout("the RPC timed out (HTTP 408)")
            case 429, 500...599: throw .unavailable("the RPC answered HTTP \(httpStatus): \(excerpt)")
            default: throw .invalidResponse("not a JSON-RPC answer (HTTP \(httpStatus)): \(excerpt)")
            }
        }
        if let error = envelope["error"], !(error is NSNull) {
            throw NEARRPCErrorMapping.error(from: error, httpStatus: httpStatus)
        }
        guard let result = envelope["result"] else { throw .invalidResponse("a JSON-RPC answer with neither result nor error") }
        guard httpStatus == 200 else { throw .invalidResponse("a result with HTTP \(httpStatus)") }
        return result
    }

    /// `block`: `header.height` and `header.hash`.
    package static func block(_ result: Any) throws(NEARRPCError) -> NEARBlock {
        guard let header = (result as? [String: Any])?["header"] as? [String: Any],
            let height = header["height"].flatMap(JSONNumber.uint64),
            let hashText = header["hash"] as? String,
            let hash = Base58.decode(hashText, maximumLength: 64), hash.count == 32
        else { throw .invalidResponse("a block without header.height and a 32-byte header.hash: \(JSONText.of(result))") }
        return NEARBlock(height: height, hash: hash)
    }

    /// `query` `view_access_key`: the nonce and permission. A key the account does not have comes
    /// back as a normal result holding an `error` text (nearcore's legacy form, "access key … does
    /// not exist while viewing"), not as an error object: it is `near_key_not_authorised` too.
    package static func accessKey(_ result: Any) throws(NEARRPCError) -> NEARAccessKey {
        guard let object = result as? [String: Any] else { throw .invalidResponse("an access key that is not an object") }
        if let error = object["error"] as? String {
            throw .keyNotAuthorised("the key is not an access key of the account: \(error)")
        }
        guard let nonce = object["nonce"].flatMap(JSONNumber.uint64) else {
            throw .invalidResponse("an access key without a nonce: \(JSONText.of(result))")
        }
        let permission: NEARAccessKey.Permission
        if object["permission"] as? String == "FullAccess" {
            permission = .fullAccess
        } else if let functionCall = (object["permission"] as? [String: Any])?["FunctionCall"] as? [String: Any],
            let receiverId = functionCall["receiver_id"] as? String
        {
            permission = .functionCall(receiverId: receiverId, methodNames: functionCall["method_names"] as? [String] ?? [])
        } else {
            throw .invalidResponse("an access key permission chainmail does not know: \(JSONText.of(object["permission"] ?? NSNull()))")
        }
        return NEARAccessKey(nonce: nonce, permission: permission)
    }

    /// `query` `call_function`: `result`, the return value as an array of bytes. A view call that
    /// failed in the legacy form (a result holding `error`) is `near_contract_failure`.
    package static func callResult(_ result: Any) throws(NEARRPCError) -> [UInt8] {
        guard let object = result as? [String: Any] else { throw .invalidResponse("a call result that is not an object") }
        if let error = object["error"] as? String { throw .contractFailure("the view call failed: \(error)") }
        guard let values = object["result"] as? [Any] else {
            throw .invalidResponse("a call result without result bytes: \(JSONText.of(result))")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count)
        for value in values {
            guard let number = JSONNumber.uint64(value), number <= 255 else {
                throw .invalidResponse("a call result whose result is not an array of bytes")
            }
            bytes.append(UInt8(number))
        }
        return bytes
    }

    /// `send_tx` and `EXPERIMENTAL_tx_status`: `final_execution_status` and `status`.
    /// `{"SuccessValue":"<base64>"}` is the transaction's value; `{"Failure":{…}}` (a contract
    /// panic or an action error, sent with HTTP 200) throws `near_contract_failure` with the
    /// failure's text; `"NotStarted"`, `"Started"` or no status yet leave `successValue` nil.
    package static func outcome(_ result: Any) throws(NEARRPCError) -> NEARExecutionOutcome {
        guard let object = result as? [String: Any] else { throw .invalidResponse("an outcome that is not an object") }
        let finalExecutionStatus = object["final_execution_status"] as? String
        let transactionHash = (object["transaction"] as? [String: Any])?["hash"] as? String
        var successValue: [UInt8]?
        if let status = object["status"] as? [String: Any] {
            if let failure = status["Failure"] {
                throw .contractFailure("the transaction failed: \(JSONText.of(failure))")
            }
            if let encoded = status["SuccessValue"] as? String {
                guard let decoded = encoded.isEmpty ? [] : Base64.decode(encoded, .standardPadded) else {
                    throw .invalidResponse("a SuccessValue that is not base64")
                }
                successValue = decoded
            } else if status["SuccessReceiptId"] == nil {
                throw .invalidResponse("a transaction status chainmail does not know: \(JSONText.of(status))")
            }
        }
        return NEARExecutionOutcome(finalExecutionStatus: finalExecutionStatus, successValue: successValue, transactionHash: transactionHash)
    }
}
