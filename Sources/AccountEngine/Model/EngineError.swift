import ChainTransactions
import ErrorCodes

/// Why the engine refused something. Its code comes from the catalogue (`ErrorCode`): `code` is
/// the stable snake_case name clients and tests match on, `category` what kind of failure it is
/// (only the HTTP API turns that into a status); `message` is for people.
public struct EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    public let errorCode: ErrorCode
    public let message: String

    public init(_ errorCode: ErrorCode, message: String) {
        self.errorCode = errorCode
        self.message = message
    }

    public var code: String { errorCode.name }
    public var category: ErrorCategory { errorCode.category }

    public var description: String { "\(code): \(message)" }

    /// `{"error":{"code","message"}}` as PROTOCOL.md section 7 answers it.
    public var json: JSONValue {
        .object(["error": .object(["code": .string(code), "message": .string(message)])])
    }
}

// Input that cannot be read (malformed) or is over a limit (tooLarge).
extension EngineError {
    public static func malformedJSON(_ message: String) -> EngineError {
        EngineError(.malformedJson, message: message)
    }

    public static func tooLarge(_ message: String) -> EngineError {
        EngineError(.tooLarge, message: message)
    }

    public static func invalidRequest(_ message: String) -> EngineError {
        EngineError(.invalidRequest, message: message)
    }

    public static func invalidTransaction(_ message: String) -> EngineError {
        EngineError(.invalidTransaction, message: message)
    }

    public static func invalidIdentity(_ message: String) -> EngineError {
        EngineError(.invalidIdentity, message: message)
    }

    public static func invalidAccountId(_ accountId: String) -> EngineError {
        EngineError(.invalidAccountId, message: "account id \(quoted(accountId)) does not match ^[a-z0-9][a-z0-9._-]{0,63}$")
    }

    public static func invalidNonce(_ message: String) -> EngineError {
        EngineError(.invalidNonce, message: message)
    }

    public static func tooManyActions(_ count: Int) -> EngineError {
        EngineError(.tooManyActions, message: "a transaction holds 1 to 16 actions, this one has \(count)")
    }

    public static let noActions = EngineError(.noActions, message: "a transaction holds 1 to 16 actions, this one has none")

    public static func invalidPayload(_ message: String) -> EngineError {
        EngineError(.invalidPayload, message: message)
    }

    public static let payloadOutOfRange = EngineError(
        .payloadOutOfRange,
        message: "payload must be below the secp256k1 order n"
    )
}

// Unknown things (notFound).
extension EngineError {
    public static func transactionNotFound(_ txHash: String) -> EngineError {
        EngineError(.transactionNotFound, message: "no transaction is prepared or awaiting proofs under \(txHash)")
    }

    public static func accountNotFound(_ accountId: String) -> EngineError {
        EngineError(.accountNotFound, message: "no account \(quoted(accountId))")
    }
}

// Proof failures (unproven).
extension EngineError {
    public static let identityNotOnAccount = EngineError(
        .identityNotOnAccount,
        message: "authIdentity is not one of the account's identities"
    )

    public static func messageNotAnApproval(serviceId: String, txHash: String) -> EngineError {
        EngineError(
            .messageNotAnApproval,
            message: "the signed message must begin with the line \"\(serviceId): approve transaction \(txHash)\", alone or followed by a blank line"
        )
    }

    /// ExecuteArgs names an authTarget that the signed transaction does not: a relay cannot move
    /// the signature to another of the account's keys.
    public static let authTargetNotSigned = EngineError(
        .authTargetNotSigned,
        message:
            "ExecuteArgs authTarget differs from the transaction's authTarget (or, without one, from authIdentity): put it inside the transaction"
    )

    public static func invalidSignature(_ message: String) -> EngineError {
        EngineError(.invalidSignature, message: message)
    }
}

// Conflicts with the account's state (conflict).
extension EngineError {
    public static func nonceMismatch(expected: UInt64, got: UInt64) -> EngineError {
        EngineError(.nonceMismatch, message: "transaction nonce \(got) does not equal the account nonce \(expected)")
    }

    public static let nonceRaced = EngineError(
        .nonceMismatch,
        message: "another transaction for this account committed the same nonce first"
    )

    public static func accountExists(_ accountId: String) -> EngineError {
        EngineError(.accountExists, message: "account \(quoted(accountId)) already exists")
    }

    public static let identityAlreadyPresent = EngineError(
        .identityAlreadyPresent,
        message: "AddKey: the identity is already on the account"
    )

    public static let transactionExecuted = EngineError(
        .transactionExecuted,
        message: "this transaction has already executed"
    )

    public static let identityNotPresent = EngineError(
        .identityNotPresent,
        message: "RemoveKey: the identity is not on the account"
    )
}

// Understood, but a rule forbids it (refused).
extension EngineError {
    public static let authTargetNotOnAccount = EngineError(
        .authTargetNotOnAccount,
        message: "authTarget is not one of the account's identities"
    )

    public static func unsupportedIdentity(_ message: String) -> EngineError {
        EngineError(.unsupportedIdentity, message: message)
    }

    public static let lastIdentity = EngineError(
        .lastIdentity,
        message: "RemoveKey: an account keeps at least one identity"
    )

    public static let tooManyIdentities = EngineError(
        .tooManyIdentities,
        message: "AddKey: an account holds at most 16 identities"
    )

    public static let actionAfterDelete = EngineError(
        .actionAfterDelete,
        message: "DeleteAccount must be the transaction's last action"
    )

    public static let consentNotRequested = EngineError(
        .consentNotRequested,
        message: "a consent was given by an identity that no AddKey of the transaction adds"
    )

    /// The convenience `execute` was asked for a result, but the transaction still needs proofs.
    public static func awaitingProofs(_ missing: [AuthIdentity]) -> EngineError {
        EngineError(
            .awaitingProofs,
            message:
                "the transaction awaits the proofs of \(missing.isEmpty ? "an identity of the account" : missing.map(\.description).joined(separator: ", "))"
        )
    }

    public static func unsupportedKeyVersion(_ version: UInt64) -> EngineError {
        EngineError(.unsupportedKeyVersion, message: "keyVersion \(version) is not served; only 0 is")
    }
}

// A dependency is down (unavailable).
extension EngineError {
    public static func storeUnavailable(_ message: String) -> EngineError {
        EngineError(.storeUnavailable, message: message)
    }

    public static func signerUnavailable(_ message: String) -> EngineError {
        EngineError(.signerUnavailable, message: message)
    }
}

/// Quotes user-supplied text for a message or a summary, bounded, through `DisplayText.escaped`:
/// control, invisible and direction-changing code points shown escaped, and a cut said in words.
/// An error never echoes a large input, and no client text can break or disguise a line of an
/// error, a log or the approval email.
package func quoted(_ text: String, limit: Int = 80) -> String {
    "\"" + DisplayText.escaped(text, limit: limit) + "\""
}
