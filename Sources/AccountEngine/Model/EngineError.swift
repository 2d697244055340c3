/// Why the engine refused something. `code` is stable (snake_case) and is what clients and tests
/// match on; `status` is the HTTP category of PROTOCOL.md section 7; `message` is for people.
public struct EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let status: Int
    public let message: String

    public init(code: String, status: Int, message: String) {
        self.code = code
        self.status = status
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// `{"error":{"code","message"}}` as PROTOCOL.md section 7 answers it.
    public var json: JSONValue {
        .object(["error": .object(["code": .string(code), "message": .string(message)])])
    }
}

// Malformed input (400) and oversized input (413).
extension EngineError {
    public static func malformedJSON(_ message: String) -> EngineError {
        EngineError(code: "malformed_json", status: 400, message: message)
    }

    public static func tooLarge(_ message: String) -> EngineError {
        EngineError(code: "too_large", status: 413, message: message)
    }

    public static func invalidRequest(_ message: String) -> EngineError {
        EngineError(code: "invalid_request", status: 400, message: message)
    }

    public static func invalidTransaction(_ message: String) -> EngineError {
        EngineError(code: "invalid_transaction", status: 400, message: message)
    }

    public static func invalidIdentity(_ message: String) -> EngineError {
        EngineError(code: "invalid_identity", status: 400, message: message)
    }

    public static func invalidAccountId(_ accountId: String) -> EngineError {
        EngineError(code: "invalid_account_id", status: 400, message: "account id \(quoted(accountId)) does not match ^[a-z0-9][a-z0-9._-]{0,63}$")
    }

    public static func invalidNonce(_ message: String) -> EngineError {
        EngineError(code: "invalid_nonce", status: 400, message: message)
    }

    public static func tooManyActions(_ count: Int) -> EngineError {
        EngineError(code: "too_many_actions", status: 400, message: "a transaction holds 1 to 16 actions, this one has \(count)")
    }

    public static let noActions = EngineError(code: "no_actions", status: 400, message: "a transaction holds 1 to 16 actions, this one has none")

    public static func invalidPayload(_ message: String) -> EngineError {
        EngineError(code: "invalid_payload", status: 400, message: message)
    }

    public static let payloadOutOfRange = EngineError(
        code: "payload_out_of_range",
        status: 400,
        message: "payload must be below the secp256k1 order n"
    )
}

// Unknown things (404).
extension EngineError {
    public static func transactionNotFound(_ txHash: String) -> EngineError {
        EngineError(code: "transaction_not_found", status: 404, message: "no transaction is prepared or awaiting proofs under \(txHash)")
    }

    public static func accountNotFound(_ accountId: String) -> EngineError {
        EngineError(code: "account_not_found", status: 404, message: "no account \(quoted(accountId))")
    }
}

// Proof failures (401).
extension EngineError {
    public static let identityNotOnAccount = EngineError(
        code: "identity_not_on_account",
        status: 401,
        message: "authIdentity is not one of the account's identities"
    )

    public static func messageNotAnApproval(serviceId: String, txHash: String) -> EngineError {
        EngineError(
            code: "message_not_an_approval",
            status: 401,
            message: "the signed message must begin with the line \"\(serviceId): approve transaction \(txHash)\", alone or followed by a blank line"
        )
    }

    /// ExecuteArgs names an authTarget that the signed transaction does not: a relay cannot move
    /// the signature to another of the account's keys.
    public static let authTargetNotSigned = EngineError(
        code: "auth_target_not_signed",
        status: 401,
        message:
            "ExecuteArgs authTarget differs from the transaction's authTarget (or, without one, from authIdentity): put it inside the transaction"
    )

    public static func invalidSignature(_ message: String) -> EngineError {
        EngineError(code: "invalid_signature", status: 401, message: message)
    }
}

// Conflicts with the account's state (409).
extension EngineError {
    public static func nonceMismatch(expected: UInt64, got: UInt64) -> EngineError {
        EngineError(code: "nonce_mismatch", status: 409, message: "transaction nonce \(got) does not equal the account nonce \(expected)")
    }

    public static let nonceRaced = EngineError(
        code: "nonce_mismatch",
        status: 409,
        message: "another transaction for this account committed the same nonce first"
    )

    public static func accountExists(_ accountId: String) -> EngineError {
        EngineError(code: "account_exists", status: 409, message: "account \(quoted(accountId)) already exists")
    }

    public static let identityAlreadyPresent = EngineError(
        code: "identity_already_present",
        status: 409,
        message: "AddKey: the identity is already on the account"
    )

    public static let transactionExecuted = EngineError(
        code: "transaction_executed",
        status: 409,
        message: "this transaction has already executed"
    )

    public static let identityNotPresent = EngineError(
        code: "identity_not_present",
        status: 409,
        message: "RemoveKey: the identity is not on the account"
    )
}

// Understood but refused (422).
extension EngineError {
    public static let authTargetNotOnAccount = EngineError(
        code: "auth_target_not_on_account",
        status: 422,
        message: "authTarget is not one of the account's identities"
    )

    public static func unsupportedIdentity(_ message: String) -> EngineError {
        EngineError(code: "unsupported_identity", status: 422, message: message)
    }

    public static let lastIdentity = EngineError(
        code: "last_identity",
        status: 422,
        message: "RemoveKey: an account keeps at least one identity"
    )

    public static let tooManyIdentities = EngineError(
        code: "too_many_identities",
        status: 422,
        message: "AddKey: an account holds at most 16 identities"
    )

    public static let actionAfterDelete = EngineError(
        code: "action_after_delete",
        status: 422,
        message: "DeleteAccount must be the transaction's last action"
    )

    public static let consentNotRequested = EngineError(
        code: "consent_not_requested",
        status: 422,
        message: "a consent was given by an identity that no AddKey of the transaction adds"
    )

    /// The convenience `execute` was asked for a result, but the transaction still needs proofs.
    public static func awaitingProofs(_ missing: [AuthIdentity]) -> EngineError {
        EngineError(
            code: "awaiting_proofs",
            status: 202,
            message:
                "the transaction awaits the proofs of \(missing.isEmpty ? "an identity of the account" : missing.map(\.description).joined(separator: ", "))"
        )
    }

    public static func unsupportedKeyVersion(_ version: UInt64) -> EngineError {
        EngineError(code: "unsupported_key_version", status: 422, message: "keyVersion \(version) is not served; only 0 is")
    }
}

// A dependency is down (503).
extension EngineError {
    public static func storeUnavailable(_ message: String) -> EngineError {
        EngineError(code: "store_unavailable", status: 503, message: message)
    }

    public static func signerUnavailable(_ message: String) -> EngineError {
        EngineError(code: "signer_unavailable", status: 503, message: message)
    }
}

/// Quotes user-supplied text for a message, bounded, with control characters (C0, DEL, C1) and
/// the Unicode line and paragraph separators shown as `?`: an error never echoes a large input,
/// and no client text can break a line of an error, a log or the approval email.
package func quoted(_ text: String, limit: Int = 80) -> String {
    var shown = String(
        String.UnicodeScalarView(
            text.unicodeScalars.prefix(limit).map { scalar in
                let value = scalar.value
                let isControl = value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
                return isControl ? "?" : scalar
            }
        )
    )
    if text.unicodeScalars.count > limit { shown += "…" }
    return "\"\(shown)\""
}
