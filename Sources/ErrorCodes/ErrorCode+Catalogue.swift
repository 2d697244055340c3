/// Every error code chainmail can answer, each once with its category. A domain error takes its
/// code from here, so no code exists outside this list; `ErrorCode.all` lists them for the check
/// against openapi.yaml.

// The request or the mail cannot be read (400).
extension ErrorCode {
    public static let malformedJson = ErrorCode("malformed_json", .malformed)
    public static let invalidRequest = ErrorCode("invalid_request", .malformed)
    public static let invalidTransaction = ErrorCode("invalid_transaction", .malformed)
    public static let invalidIdentity = ErrorCode("invalid_identity", .malformed)
    public static let invalidAccountId = ErrorCode("invalid_account_id", .malformed)
    public static let invalidNonce = ErrorCode("invalid_nonce", .malformed)
    public static let tooManyActions = ErrorCode("too_many_actions", .malformed)
    public static let noActions = ErrorCode("no_actions", .malformed)
    public static let invalidPayload = ErrorCode("invalid_payload", .malformed)
    public static let payloadOutOfRange = ErrorCode("payload_out_of_range", .malformed)
    public static let invalidTxHash = ErrorCode("invalid_tx_hash", .malformed)
    public static let invalidSettings = ErrorCode("invalid_settings", .malformed)
    public static let oidcJwksInvalid = ErrorCode("oidc_jwks_invalid", .malformed)
    public static let fromMissing = ErrorCode("from_missing", .malformed)
    public static let fromMultipleFields = ErrorCode("from_multiple_fields", .malformed)
    public static let fromNotSingleMailbox = ErrorCode("from_not_single_mailbox", .malformed)
    public static let fromInvalid = ErrorCode("from_invalid", .malformed)
    public static let fromTooLong = ErrorCode("from_too_long", .malformed)
    public static let addressNotAscii = ErrorCode("address_not_ascii", .malformed)
    public static let addressInvalid = ErrorCode("address_invalid", .malformed)
    public static let subjectMissing = ErrorCode("subject_missing", .malformed)
    public static let subjectMultipleFields = ErrorCode("subject_multiple_fields", .malformed)
    public static let subjectInvalid = ErrorCode("subject_invalid", .malformed)
    public static let dateMultipleFields = ErrorCode("date_multiple_fields", .malformed)
    public static let mimeMalformed = ErrorCode("mime_malformed", .malformed)
    public static let mimeHeaderRepeated = ErrorCode("mime_header_repeated", .malformed)
    public static let noTextPart = ErrorCode("no_text_part", .malformed)
    public static let charsetInvalid = ErrorCode("charset_invalid", .malformed)
    public static let charsetUnsupported = ErrorCode("charset_unsupported", .malformed)
    public static let transferEncodingInvalid = ErrorCode("transfer_encoding_invalid", .malformed)
    public static let tooDeep = ErrorCode("too_deep", .malformed)
    public static let tooManyParts = ErrorCode("too_many_parts", .malformed)
    public static let tooManyHeaders = ErrorCode("too_many_headers", .malformed)
    public static let headerLineTooLong = ErrorCode("header_line_too_long", .malformed)
    public static let transactionBlockEmpty = ErrorCode("transaction_block_empty", .malformed)
    public static let transactionBlockMultiple = ErrorCode("transaction_block_multiple", .malformed)
    public static let transactionBlockUnterminated = ErrorCode("transaction_block_unterminated", .malformed)
    public static let txHashNotInSubject = ErrorCode("tx_hash_not_in_subject", .malformed)
    public static let txHashMismatch = ErrorCode("tx_hash_mismatch", .malformed)
    public static let txHashAmbiguous = ErrorCode("tx_hash_ambiguous", .malformed)
    public static let authTargetInvalid = ErrorCode("auth_target_invalid", .malformed)
}

// A proof is missing or fails (401).
extension ErrorCode {
    public static let unauthorized = ErrorCode("unauthorized", .unproven)
    public static let identityNotOnAccount = ErrorCode("identity_not_on_account", .unproven)
    public static let messageNotAnApproval = ErrorCode("message_not_an_approval", .unproven)
    public static let authTargetNotSigned = ErrorCode("auth_target_not_signed", .unproven)
    public static let invalidSignature = ErrorCode("invalid_signature", .unproven)
    public static let webauthnAssertionMalformed = ErrorCode("webauthn_assertion_malformed", .unproven)
    public static let webauthnTypeMismatch = ErrorCode("webauthn_type_mismatch", .unproven)
    public static let webauthnChallengeMismatch = ErrorCode("webauthn_challenge_mismatch", .unproven)
    public static let webauthnOriginMismatch = ErrorCode("webauthn_origin_mismatch", .unproven)
    public static let webauthnCrossOrigin = ErrorCode("webauthn_cross_origin", .unproven)
    public static let webauthnRpIdMismatch = ErrorCode("webauthn_rp_id_mismatch", .unproven)
    public static let webauthnUserNotPresent = ErrorCode("webauthn_user_not_present", .unproven)
    public static let webauthnSignatureInvalid = ErrorCode("webauthn_signature_invalid", .unproven)
    public static let webauthnCounterRegressed = ErrorCode("webauthn_counter_regressed", .unproven)
    public static let oidcTokenMalformed = ErrorCode("oidc_token_malformed", .unproven)
    public static let oidcIssuerUnknown = ErrorCode("oidc_issuer_unknown", .unproven)
    public static let oidcKidUnknown = ErrorCode("oidc_kid_unknown", .unproven)
    public static let oidcAlgorithmRefused = ErrorCode("oidc_algorithm_refused", .unproven)
    public static let oidcSignatureInvalid = ErrorCode("oidc_signature_invalid", .unproven)
    public static let oidcIssuerMismatch = ErrorCode("oidc_issuer_mismatch", .unproven)
    public static let oidcAudienceMismatch = ErrorCode("oidc_audience_mismatch", .unproven)
    public static let oidcAuthorizedPartyMismatch = ErrorCode("oidc_authorized_party_mismatch", .unproven)
    public static let oidcEmailMismatch = ErrorCode("oidc_email_mismatch", .unproven)
    public static let oidcEmailUnverified = ErrorCode("oidc_email_unverified", .unproven)
    public static let oidcNonceMismatch = ErrorCode("oidc_nonce_mismatch", .unproven)
    public static let oidcExpired = ErrorCode("oidc_expired", .unproven)
    public static let oidcIssuedInFuture = ErrorCode("oidc_issued_in_future", .unproven)
    public static let oidcNotYetValid = ErrorCode("oidc_not_yet_valid", .unproven)
    public static let notProcessed = ErrorCode("not_processed", .unproven)
    public static let mailAgeUnknown = ErrorCode("mail_age_unknown", .unproven)
    public static let mailInFuture = ErrorCode("mail_in_future", .unproven)
    public static let mailTooOld = ErrorCode("mail_too_old", .unproven)
    public static let senderNotOnAccount = ErrorCode("sender_not_on_account", .unproven)
    public static let dkimNone = ErrorCode("dkim_none", .unproven)
    public static let dkimFailed = ErrorCode("dkim_failed", .unproven)
    public static let dkimNotAligned = ErrorCode("dkim_not_aligned", .unproven)
    public static let dkimVersion = ErrorCode("dkim_version", .unproven)
    public static let dkimFromNotSigned = ErrorCode("dkim_from_not_signed", .unproven)
    public static let dkimSubjectNotSigned = ErrorCode("dkim_subject_not_signed", .unproven)
    public static let dkimIdentityNotSender = ErrorCode("dkim_identity_not_sender", .unproven)
    public static let dkimPartialBody = ErrorCode("dkim_partial_body", .unproven)
    public static let dkimTestingKey = ErrorCode("dkim_testing_key", .unproven)
    public static let dkimSignatureSyntax = ErrorCode("dkim_signature_syntax", .unproven)
    public static let dkimSignatureMissingTag = ErrorCode("dkim_signature_missing_tag", .unproven)
    public static let dkimUnsupportedVersion = ErrorCode("dkim_unsupported_version", .unproven)
    public static let dkimUnsupportedAlgorithm = ErrorCode("dkim_unsupported_algorithm", .unproven)
    public static let dkimUnsupportedCanonicalization = ErrorCode("dkim_unsupported_canonicalization", .unproven)
    public static let dkimUnsupportedQueryMethod = ErrorCode("dkim_unsupported_query_method", .unproven)
    public static let dkimInvalidTag = ErrorCode("dkim_invalid_tag", .unproven)
    public static let dkimHTagTooLong = ErrorCode("dkim_h_tag_too_long", .unproven)
    public static let dkimTooManyHeaders = ErrorCode("dkim_too_many_headers", .unproven)
    public static let dkimIdentityMismatch = ErrorCode("dkim_identity_mismatch", .unproven)
    public static let dkimSignatureExpired = ErrorCode("dkim_signature_expired", .unproven)
    public static let dkimSignatureInFuture = ErrorCode("dkim_signature_in_future", .unproven)
    public static let dkimKeyNotFound = ErrorCode("dkim_key_not_found", .unproven)
    public static let dkimKeySyntax = ErrorCode("dkim_key_syntax", .unproven)
    public static let dkimKeyRevoked = ErrorCode("dkim_key_revoked", .unproven)
    public static let dkimKeyUnusable = ErrorCode("dkim_key_unusable", .unproven)
    public static let dkimKeyTooLarge = ErrorCode("dkim_key_too_large", .unproven)
    public static let dkimBodyHashMismatch = ErrorCode("dkim_body_hash_mismatch", .unproven)
    public static let dkimSignatureMismatch = ErrorCode("dkim_signature_mismatch", .unproven)
    public static let dkimBodyLengthExceeded = ErrorCode("dkim_body_length_exceeded", .unproven)
    public static let dkimWeakKey = ErrorCode("dkim_weak_key", .unproven)
    public static let dkimSha1Disabled = ErrorCode("dkim_sha1_disabled", .unproven)
}

// What the request names does not exist (404).
extension ErrorCode {
    public static let transactionNotFound = ErrorCode("transaction_not_found", .notFound)
    public static let accountNotFound = ErrorCode("account_not_found", .notFound)
    public static let routeNotFound = ErrorCode("route_not_found", .notFound)
    public static let operatorRouteDisabled = ErrorCode("operator_route_disabled", .notFound)
}

// The method is not served on the route (405).
extension ErrorCode {
    public static let methodNotAllowed = ErrorCode("method_not_allowed", .methodNotAllowed)
}

// The request conflicts with the current state (409).
extension ErrorCode {
    public static let nonceMismatch = ErrorCode("nonce_mismatch", .conflict)
    public static let accountExists = ErrorCode("account_exists", .conflict)
    public static let identityAlreadyPresent = ErrorCode("identity_already_present", .conflict)
    public static let identityNotPresent = ErrorCode("identity_not_present", .conflict)
    public static let transactionExecuted = ErrorCode("transaction_executed", .conflict)
    public static let emailReplayed = ErrorCode("email_replayed", .conflict)
}

// The body or the mail is over a limit (413).
extension ErrorCode {
    public static let tooLarge = ErrorCode("too_large", .tooLarge)
    public static let messageTooLarge = ErrorCode("message_too_large", .tooLarge)
}

// The body is not of the media type the route reads (415).
extension ErrorCode {
    public static let unsupportedMediaType = ErrorCode("unsupported_media_type", .unsupportedMediaType)
}

// Well formed and proven, but a rule forbids it (422).
extension ErrorCode {
    public static let authTargetNotOnAccount = ErrorCode("auth_target_not_on_account", .refused)
    public static let unsupportedIdentity = ErrorCode("unsupported_identity", .refused)
    public static let lastIdentity = ErrorCode("last_identity", .refused)
    public static let tooManyIdentities = ErrorCode("too_many_identities", .refused)
    public static let actionAfterDelete = ErrorCode("action_after_delete", .refused)
    public static let consentNotRequested = ErrorCode("consent_not_requested", .refused)
    public static let unsupportedKeyVersion = ErrorCode("unsupported_key_version", .refused)
    public static let receiverMismatch = ErrorCode("receiver_mismatch", .refused)
    public static let notAddressedToService = ErrorCode("not_addressed_to_service", .refused)
    public static let authTargetAmbiguous = ErrorCode("auth_target_ambiguous", .refused)
}

// Accepted and kept, awaiting more proofs (202).
extension ErrorCode {
    public static let awaitingProofs = ErrorCode("awaiting_proofs", .awaitingProofs)
}

// A dependency is down; retrying may help (503).
extension ErrorCode {
    public static let storeUnavailable = ErrorCode("store_unavailable", .unavailable)
    public static let signerUnavailable = ErrorCode("signer_unavailable", .unavailable)
    public static let oidcKeysUnavailable = ErrorCode("oidc_keys_unavailable", .unavailable)
    public static let dependencyUnavailable = ErrorCode("dependency_unavailable", .unavailable)
    public static let dkimKeyLookupFailed = ErrorCode("dkim_key_lookup_failed", .unavailable)
}

// A failure of chainmail itself (500).
extension ErrorCode {
    public static let internalError = ErrorCode("internal_error", .internal)
}

extension ErrorCode {
    /// Every code above, in the order listed.
    public static let all: [ErrorCode] = [
        .malformedJson, .invalidRequest, .invalidTransaction, .invalidIdentity, .invalidAccountId, .invalidNonce, .tooManyActions, .noActions,
        .invalidPayload, .payloadOutOfRange, .invalidTxHash, .invalidSettings, .oidcJwksInvalid, .fromMissing, .fromMultipleFields,
        .fromNotSingleMailbox, .fromInvalid, .fromTooLong, .addressNotAscii, .addressInvalid, .subjectMissing, .subjectMultipleFields,
        .subjectInvalid, .dateMultipleFields, .mimeMalformed, .mimeHeaderRepeated, .noTextPart, .charsetInvalid, .charsetUnsupported,
        .transferEncodingInvalid, .tooDeep, .tooManyParts, .tooManyHeaders, .headerLineTooLong, .transactionBlockEmpty, .transactionBlockMultiple,
        .transactionBlockUnterminated, .txHashNotInSubject, .txHashMismatch, .txHashAmbiguous, .authTargetInvalid, .unauthorized,
        .identityNotOnAccount, .messageNotAnApproval, .authTargetNotSigned, .invalidSignature, .webauthnAssertionMalformed, .webauthnTypeMismatch,
        .webauthnChallengeMismatch, .webauthnOriginMismatch, .webauthnCrossOrigin, .webauthnRpIdMismatch, .webauthnUserNotPresent,
        .webauthnSignatureInvalid, .webauthnCounterRegressed, .oidcTokenMalformed, .oidcIssuerUnknown, .oidcKidUnknown, .oidcAlgorithmRefused,
        .oidcSignatureInvalid, .oidcIssuerMismatch, .oidcAudienceMismatch, .oidcAuthorizedPartyMismatch, .oidcEmailMismatch, .oidcEmailUnverified,
        .oidcNonceMismatch, .oidcExpired, .oidcIssuedInFuture, .oidcNotYetValid, .notProcessed, .mailAgeUnknown, .mailInFuture, .mailTooOld,
        .senderNotOnAccount, .dkimNone, .dkimFailed, .dkimNotAligned, .dkimVersion, .dkimFromNotSigned, .dkimSubjectNotSigned, .dkimIdentityNotSender,
        .dkimPartialBody, .dkimTestingKey, .dkimSignatureSyntax, .dkimSignatureMissingTag, .dkimUnsupportedVersion, .dkimUnsupportedAlgorithm,
        .dkimUnsupportedCanonicalization, .dkimUnsupportedQueryMethod, .dkimInvalidTag, .dkimHTagTooLong, .dkimTooManyHeaders, .dkimIdentityMismatch,
        .dkimSignatureExpired, .dkimSignatureInFuture, .dkimKeyNotFound, .dkimKeySyntax, .dkimKeyRevoked, .dkimKeyUnusable, .dkimKeyTooLarge,
        .dkimBodyHashMismatch, .dkimSignatureMismatch, .dkimBodyLengthExceeded, .dkimWeakKey, .dkimSha1Disabled, .transactionNotFound,
        .accountNotFound, .routeNotFound, .operatorRouteDisabled, .methodNotAllowed, .nonceMismatch, .accountExists, .identityAlreadyPresent,
        .identityNotPresent, .transactionExecuted, .emailReplayed, .tooLarge, .messageTooLarge, .unsupportedMediaType, .authTargetNotOnAccount,
        .unsupportedIdentity, .lastIdentity, .tooManyIdentities, .actionAfterDelete, .consentNotRequested, .unsupportedKeyVersion, .receiverMismatch,
        .notAddressedToService, .authTargetAmbiguous, .awaitingProofs, .storeUnavailable, .signerUnavailable, .oidcKeysUnavailable,
        .dependencyUnavailable, .dkimKeyLookupFailed, .internalError,
    ]

    /// The catalogued code with this name, if there is one.
    public static func named(_ name: String) -> ErrorCode? { byName[name] }

    private static let byName: [String: ErrorCode] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}
