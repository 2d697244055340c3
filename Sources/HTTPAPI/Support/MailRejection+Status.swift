import AccountEngine
import MailIngest

extension MailRejection {
    /// The section 7 status of a refused mail. The pipeline keeps only the refusal's code, so the
    /// engine's statuses are looked up by code; mail-level codes are sorted by what failed:
    /// the mail could not be read (400), the sender is not proven (401), a name is unknown (404),
    /// the same proof was used before (409), the mail is too large (413), a key look-up failed
    /// for now (503). An engine code this table does not know is 422.
    var httpStatus: Int {
        if let status = Self.statuses[code] { return status }
        if code == "dkim_key_lookup_failed" { return 503 }
        if code.hasPrefix("dkim_") || code.hasPrefix("oidc_") || code.hasPrefix("webauthn_") { return 401 }
        return 422
    }

    private static let statuses: [String: Int] = {
        var table: [String: Int] = [:]
        for code in [
            "from_missing", "from_multiple_fields", "from_not_single_mailbox", "from_invalid", "address_not_ascii", "address_invalid",
            "subject_missing", "subject_multiple_fields", "subject_invalid", "mime_malformed", "no_text_part", "charset_invalid",
            "charset_unsupported", "transfer_encoding_invalid", "too_deep", "too_many_parts", "transaction_block_empty",
            "transaction_block_multiple", "transaction_block_unterminated", "tx_hash_not_in_subject", "tx_hash_mismatch",
            "auth_target_invalid", "tx_hash_ambiguous", "mime_header_repeated", "too_many_headers", "header_line_too_long",
            "from_too_long", "date_multiple_fields",
        ] {
            table[code] = 400
        }
        for code in ["mail_age_unknown", "mail_in_future", "mail_too_old", "sender_not_on_account"] { table[code] = 401 }
        table["transaction_not_found"] = 404
        for code in ["not_addressed_to_service", "auth_target_ambiguous"] { table[code] = 422 }
        table["email_replayed"] = 409
        table["message_too_large"] = 413
        let engineErrors: [EngineError] = [
            .malformedJSON(""), .tooLarge(""), .invalidRequest(""), .invalidTransaction(""), .invalidIdentity(""), .invalidAccountId(""),
            .invalidNonce(""), .tooManyActions(0), .noActions, .invalidPayload(""), .payloadOutOfRange, .accountNotFound(""),
            .identityNotOnAccount, .messageNotAnApproval(serviceId: "", txHash: ""), .authTargetNotSigned, .invalidSignature(""),
            .nonceMismatch(expected: 0, got: 0), .nonceRaced,
            .accountExists(""), .identityAlreadyPresent, .identityNotPresent, .authTargetNotOnAccount, .unsupportedIdentity(""),
            .lastIdentity, .tooManyIdentities, .actionAfterDelete, .unsupportedKeyVersion(0), .storeUnavailable(""),
            .consentNotRequested, .transactionExecuted, .transactionNotFound(""),
            .signerUnavailable(""),
        ]
        for error in engineErrors { table[error.code] = error.status }
        let proofErrors: [EngineError] = [.oidcKeysUnavailable(""), .oidcJWKSInvalid(""), .invalidSettings("")]
        for error in proofErrors { table[error.code] = error.status }
        return table
    }()
}
