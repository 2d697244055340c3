import ErrorCodes

/// An error of the NEAR RPC or of a NEAR transaction, with a stable `code` from the catalogue
/// (`ErrorCode`) for callers and the HTTP API, and whether trying again may help.
public struct NEARRPCError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String
    /// The access key's current nonce, for `near_invalid_nonce` when the RPC said it.
    public var accessKeyNonce: UInt64?

    public init(code: ErrorCode, message: String, accessKeyNonce: UInt64? = nil) {
        self.code = code
        self.message = message
        self.accessKeyNonce = accessKeyNonce
    }

    public var description: String { "\(code): \(message)" }

    /// Whether the same request may succeed later.
    ///
    /// Temporary (retry, after the step named): `near_rpc_timeout` and `near_rpc_unavailable` (as
    /// they are); `near_invalid_nonce` (after reading the access key's nonce again, or from
    /// `accessKeyNonce`); `near_expired_block_hash` (after signing over a new block);
    /// `near_unknown_transaction` (the node may not have seen the transaction yet: poll again, for a
    /// while). A signed transaction whose send timed out is asked about by its hash, never sent as a
    /// new transaction.
    ///
    /// Permanent: `near_unknown_account`, `near_key_not_authorised`, `near_not_enough_balance`,
    /// `near_transaction_invalid`, `near_contract_failure`, `near_rpc_invalid_response`,
    /// `near_key_file_invalid`.
    public var isTemporary: Bool {
        switch code {
        case .nearRpcTimeout, .nearRpcUnavailable, .nearInvalidNonce, .nearExpiredBlockHash, .nearUnknownTransaction: true
        default: false
        }
    }
}

extension NEARRPCError {
    /// A key file that is not NEAR CLI's credentials JSON with a matching ed25519 key pair.
    public static func keyFileInvalid(_ message: String) -> Self { .init(code: .nearKeyFileInvalid, message: message) }
    /// The account does not exist.
    public static func unknownAccount(_ message: String) -> Self { .init(code: .nearUnknownAccount, message: message) }
    /// The key is not an access key of the account, or lacks the permission required.
    public static func keyNotAuthorised(_ message: String) -> Self { .init(code: .nearKeyNotAuthorised, message: message) }
    /// The transaction's nonce is used; `accessKeyNonce` is the key's nonce when the RPC said it.
    public static func invalidNonce(_ message: String, accessKeyNonce: UInt64?) -> Self {
        .init(code: .nearInvalidNonce, message: message, accessKeyNonce: accessKeyNonce)
    }
    /// The transaction's block hash is too old.
    public static func expiredBlockHash(_ message: String) -> Self { .init(code: .nearExpiredBlockHash, message: message) }
    /// The signer cannot pay for the transaction.
    public static func notEnoughBalance(_ message: String) -> Self { .init(code: .nearNotEnoughBalance, message: message) }
    /// The RPC refused the transaction for another reason.
    public static func transactionInvalid(_ message: String) -> Self { .init(code: .nearTransactionInvalid, message: message) }
    /// The transaction ran and failed.
    public static func contractFailure(_ message: String) -> Self { .init(code: .nearContractFailure, message: message) }
    /// The RPC does not know the transaction.
    public static func unknownTransaction(_ message: String) -> Self { .init(code: .nearUnknownTransaction, message: message) }
    /// No answer in time.
    public static func timeout(_ message: String) -> Self { .init(code: .nearRpcTimeout, message: message) }
    /// The RPC could not be reached or failed inside.
    public static func unavailable(_ message: String) -> Self { .init(code: .nearRpcUnavailable, message: message) }
    /// An answer that cannot be read.
    public static func invalidResponse(_ message: String) -> Self { .init(code: .nearRpcInvalidResponse, message: message) }
}
