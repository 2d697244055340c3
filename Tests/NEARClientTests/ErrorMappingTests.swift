import ErrorCodes
import NEARClient
import Testing

/// Answers of the NEAR RPC, as nearcore writes them. The error envelope is nearcore's `RpcError`
/// (chain/jsonrpc-primitives/src/errors.rs: `name`, `cause` {`name`, `info`}, legacy `code`,
/// `message`, `data`; docs.near.org/api/rpc/errors lists the causes and their HTTP statuses).
/// For `send_tx`, `RpcTransactionError::InvalidTransaction` skips its context when serialised, so
/// `cause.info` is `{}`, and its detail is the legacy `data`,
/// `ServerError::TxExecutionError(InvalidTxError(…))` (chain/jsonrpc-primitives/src/types/transactions.rs);
/// the `InvalidTxError` variants and their fields are core/primitives/src/errors.rs's.
@Suite("NEAR RPC answers map to stable error codes")
struct ErrorMappingTests {
    static func error(_ body: String, status: Int = 200) throws -> NEARRPCError {
        try #require(throws: NEARRPCError.self) { try NEARRPCResponse.result(httpStatus: status, body: Array(body.utf8)) }
    }

    static func invalidTransaction(_ invalidTxError: String) -> String {
        #"{"jsonrpc":"2.0","error":{"name":"HANDLER_ERROR","cause":{"info":{},"name":"INVALID_TRANSACTION"},"code":-32000,"#
            + #""message":"Server error","data":{"TxExecutionError":{"InvalidTxError":"# + invalidTxError + "}}},\"id\":\"dontcare\"}"
    }

    @Test("InvalidNonce in the legacy data is near_invalid_nonce carrying ak_nonce, and temporary")
    func invalidNonce() throws {
        let error = try Self.error(Self.invalidTransaction(#"{"InvalidNonce":{"tx_nonce":5,"ak_nonce":7}}"#))
        #expect(error.code == .nearInvalidNonce)
        #expect(error.accessKeyNonce == 7)
        #expect(error.isTemporary)
    }

    @Test("Expired is near_expired_block_hash, temporary")
    func expired() throws {
        let error = try Self.error(Self.invalidTransaction(#""Expired""#))
        #expect(error.code == .nearExpiredBlockHash)
        #expect(error.isTemporary)
    }

    @Test("NotEnoughBalance is near_not_enough_balance, permanent")
    func notEnoughBalance() throws {
        let error = try Self.error(
            Self.invalidTransaction(#"{"NotEnoughBalance":{"signer_id":"chainmail.testnet","balance":"1","cost":"2"}}"#)
        )
        #expect(error.code == .nearNotEnoughBalance)
        #expect(!error.isTemporary)
        #expect(error.message.contains("NotEnoughBalance"))
    }

    @Test("an unknown access key or signer in InvalidTxError is near_key_not_authorised or near_unknown_account")
    func accessKeyAndSigner() throws {
        let key = try Self.error(
            Self.invalidTransaction(
                #"{"InvalidAccessKeyError":{"AccessKeyNotFound":{"account_id":"chainmail.testnet","public_key":"ed25519:11111111111111111111111111111111"}}}"#
            )
        )
        #expect(key.code == .nearKeyNotAuthorised)
        let signer = try Self.error(Self.invalidTransaction(#"{"SignerDoesNotExist":{"signer_id":"nobody.testnet"}}"#))
        #expect(signer.code == .nearUnknownAccount)
        let signature = try Self.error(Self.invalidTransaction(#""InvalidSignature""#))
        #expect(signature.code == .nearTransactionInvalid)
        #expect(!signature.isTemporary)
    }

    @Test("the body is read whatever the status: TIMEOUT_ERROR with HTTP 408 is near_rpc_timeout")
    func timeoutError() throws {
        // RpcTransactionError::TimeoutError, a unit variant: its cause has a name and no info.
        let body =
            #"{"jsonrpc":"2.0","error":{"name":"HANDLER_ERROR","cause":{"name":"TIMEOUT_ERROR"},"code":-32000,"message":"Server error","data":"Timeout"},"id":"dontcare"}"#
        for status in [200, 408] {
            let error = try Self.error(body, status: status)
            #expect(error.code == .nearRpcTimeout)
            #expect(error.isTemporary)
        }
    }

    @Test("INTERNAL_ERROR with HTTP 500 is near_rpc_unavailable")
    func internalError() throws {
        let body =
            #"{"jsonrpc":"2.0","error":{"name":"INTERNAL_ERROR","cause":{"name":"INTERNAL_ERROR","info":{"error_message":"Node is overloaded"}},"code":-32000,"message":"Server error","data":"Node is overloaded"},"id":"dontcare"}"#
        let error = try Self.error(body, status: 500)
        #expect(error.code == .nearRpcUnavailable)
        #expect(error.message.contains("Node is overloaded"))
    }

    @Test("PARSE_ERROR with HTTP 400 is a refused request, permanent")
    func parseError() throws {
        let body =
            #"{"jsonrpc":"2.0","error":{"name":"REQUEST_VALIDATION_ERROR","cause":{"name":"PARSE_ERROR","info":{"error_message":"Failed to decode transaction: Unexpected length of input"}},"code":-32700,"message":"Parse error","data":"Failed to decode transaction: Unexpected length of input"},"id":"dontcare"}"#
        let error = try Self.error(body, status: 400)
        #expect(error.code == .nearTransactionInvalid)
        #expect(!error.isTemporary)
    }

    @Test("UNKNOWN_ACCOUNT is near_unknown_account; UNKNOWN_ACCESS_KEY near_key_not_authorised; UNKNOWN_TRANSACTION near_unknown_transaction")
    func handlerCauses() throws {
        let account =
            #"{"jsonrpc":"2.0","error":{"name":"HANDLER_ERROR","cause":{"name":"UNKNOWN_ACCOUNT","info":{"requested_account_id":"nobody.testnet","block_height":191807240,"block_hash":"8ZUyXKs3Bmr8K2hMzMV9ZGAsVUTAgJJtUqgQAVX7iw3s"}},"code":-32000,"message":"Server error","data":"account nobody.testnet does not exist while viewing"},"id":"dontcare"}"#
        #expect(try Self.error(account).code == .nearUnknownAccount)
        let key =
            #"{"jsonrpc":"2.0","error":{"name":"HANDLER_ERROR","cause":{"name":"UNKNOWN_ACCESS_KEY","info":{"public_key":"ed25519:11111111111111111111111111111111","block_height":191807240,"block_hash":"8ZUyXKs3Bmr8K2hMzMV9ZGAsVUTAgJJtUqgQAVX7iw3s"}},"code":-32000,"message":"Server error","data":"access key ed25519:11111111111111111111111111111111 does not exist while viewing"},"id":"dontcare"}"#
        #expect(try Self.error(key).code == .nearKeyNotAuthorised)
        let transaction =
            #"{"jsonrpc":"2.0","error":{"name":"HANDLER_ERROR","cause":{"name":"UNKNOWN_TRANSACTION","info":{"requested_transaction_hash":"6zgh2u9DqHHiXzdy9ouTP7oGky2T4nugqzqt9wJZwNFm"}},"code":-32000,"message":"Server error","data":"Transaction 6zgh2u9DqHHiXzdy9ouTP7oGky2T4nugqzqt9wJZwNFm doesn't exist"},"id":"dontcare"}"#
        let unknown = try Self.error(transaction)
        #expect(unknown.code == .nearUnknownTransaction)
        #expect(unknown.isTemporary)
    }

    @Test("a status without a readable body maps by itself: 408 time-out, 502 unavailable, 200 invalid response")
    func bodiesWeCannotRead() throws {
        #expect(try Self.error("", status: 408).code == .nearRpcTimeout)
        #expect(try Self.error("<html>Bad Gateway</html>", status: 502).code == .nearRpcUnavailable)
        #expect(try Self.error("", status: 503).code == .nearRpcUnavailable)
        let invalid = try Self.error("<html>hello</html>", status: 200)
        #expect(invalid.code == .nearRpcInvalidResponse)
        #expect(!invalid.isTemporary)
        #expect(try Self.error(#"{"jsonrpc":"2.0","id":1}"#).code == .nearRpcInvalidResponse)
    }

    @Test("each error code has the category the catalogue gives it, and is catalogued")
    func catalogued() {
        let codes: [ErrorCode] = [
            .nearKeyFileInvalid, .nearUnknownAccount, .nearKeyNotAuthorised, .nearInvalidNonce, .nearExpiredBlockHash, .nearNotEnoughBalance,
            .nearTransactionInvalid, .nearContractFailure, .nearUnknownTransaction, .nearRpcTimeout, .nearRpcUnavailable,
            .nearRpcInvalidResponse,
        ]
        for code in codes { #expect(ErrorCode.named(code.name)?.category == code.category) }
        #expect(ErrorCode.nearKeyNotAuthorised.category == .unproven)
        #expect(ErrorCode.nearRpcUnavailable.category == .unavailable)
        let temporary = codes.filter { NEARRPCError(code: $0, message: "").isTemporary }
        #expect(temporary == [.nearInvalidNonce, .nearExpiredBlockHash, .nearUnknownTransaction, .nearRpcTimeout, .nearRpcUnavailable])
    }
}
