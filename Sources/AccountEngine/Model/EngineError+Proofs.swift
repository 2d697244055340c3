// Refusals of the WebAuthn and OIDC verifiers. Each rule has its own stable code, so a client (and
// an operator reading logs) can tell which check failed. All are proof failures (401) except
// `oidc_keys_unavailable`, which says a dependency is down (503: retry later).

// WebAuthn (passkey) assertions.
extension EngineError {
    public static func webAuthnAssertionMalformed(_ message: String) -> EngineError {
        EngineError(code: "webauthn_assertion_malformed", status: 401, message: message)
    }

    public static func webAuthnTypeMismatch(_ type: String) -> EngineError {
        EngineError(code: "webauthn_type_mismatch", status: 401, message: "clientDataJSON type is \(quoted(type)), not \"webauthn.get\"")
    }

    public static let webAuthnChallengeMismatch = EngineError(
        code: "webauthn_challenge_mismatch",
        status: 401,
        message: "clientDataJSON challenge is not base64url of this transaction's 32 txHash bytes"
    )

    public static func webAuthnOriginMismatch(_ origin: String) -> EngineError {
        EngineError(code: "webauthn_origin_mismatch", status: 401, message: "clientDataJSON origin \(quoted(origin)) is not a configured origin")
    }

    public static let webAuthnCrossOrigin = EngineError(
        code: "webauthn_cross_origin",
        status: 401,
        message: "the assertion was made in a cross-origin frame (crossOrigin is true)"
    )

    public static let webAuthnRpIdMismatch = EngineError(
        code: "webauthn_rp_id_mismatch",
        status: 401,
        message: "authenticatorData rpIdHash is not SHA-256 of the configured rpId"
    )

    public static let webAuthnUserNotPresent = EngineError(
        code: "webauthn_user_not_present",
        status: 401,
        message: "authenticatorData does not have the user-present (UP) flag"
    )

    public static let webAuthnSignatureInvalid = EngineError(
        code: "webauthn_signature_invalid",
        status: 401,
        message: "the P-256 signature does not verify over authenticatorData ‖ SHA-256(clientDataJSON) with the identity's key"
    )

    public static let emailReplayed = EngineError(
        code: "email_replayed",
        status: 409,
        message: "this email (its DKIM signature) has already authorised a transaction"
    )

    public static func webAuthnCounterRegressed(stored: UInt32, presented: UInt32) -> EngineError {
        EngineError(
            code: "webauthn_counter_regressed",
            status: 401,
            message: "the authenticator's sign counter \(presented) is not above the stored \(stored): a replayed assertion or a cloned authenticator"
        )
    }
}

// OIDC ID tokens and the issuers' key registry.
extension EngineError {
    public static func oidcTokenMalformed(_ message: String) -> EngineError {
        EngineError(code: "oidc_token_malformed", status: 401, message: message)
    }

    public static func oidcIssuerUnknown(_ issuer: String) -> EngineError {
        EngineError(code: "oidc_issuer_unknown", status: 401, message: "no keys are registered or configured for issuer \(quoted(issuer))")
    }

    public static func oidcKidUnknown(_ message: String) -> EngineError {
        EngineError(code: "oidc_kid_unknown", status: 401, message: message)
    }

    public static func oidcKeysUnavailable(_ message: String) -> EngineError {
        EngineError(code: "oidc_keys_unavailable", status: 503, message: message)
    }

    public static func oidcAlgorithmRefused(_ message: String) -> EngineError {
        EngineError(code: "oidc_algorithm_refused", status: 401, message: message)
    }

    public static let oidcSignatureInvalid = EngineError(
        code: "oidc_signature_invalid",
        status: 401,
        message: "the ID token's signature does not verify with the issuer's key for its kid"
    )

    public static func oidcIssuerMismatch(_ iss: String) -> EngineError {
        EngineError(code: "oidc_issuer_mismatch", status: 401, message: "the token's iss \(quoted(iss)) is not the identity's issuer")
    }

    public static func oidcAudienceMismatch(_ message: String) -> EngineError {
        EngineError(code: "oidc_audience_mismatch", status: 401, message: message)
    }

    public static func oidcAuthorizedPartyMismatch(_ message: String) -> EngineError {
        EngineError(code: "oidc_authorized_party_mismatch", status: 401, message: message)
    }

    public static func oidcEmailMismatch(_ message: String) -> EngineError {
        EngineError(code: "oidc_email_mismatch", status: 401, message: message)
    }

    public static func oidcEmailUnverified(_ message: String) -> EngineError {
        EngineError(code: "oidc_email_unverified", status: 401, message: message)
    }

    public static let oidcNonceMismatch = EngineError(
        code: "oidc_nonce_mismatch",
        status: 401,
        message: "the token's nonce is not this transaction's txHash"
    )

    public static func oidcExpired(_ message: String) -> EngineError {
        EngineError(code: "oidc_expired", status: 401, message: message)
    }

    public static func oidcIssuedInFuture(_ message: String) -> EngineError {
        EngineError(code: "oidc_issued_in_future", status: 401, message: message)
    }

    public static func oidcNotYetValid(_ message: String) -> EngineError {
        EngineError(code: "oidc_not_yet_valid", status: 401, message: message)
    }

    /// A key set handed to the registry (file, operator import) that cannot be used.
    public static func oidcJWKSInvalid(_ message: String) -> EngineError {
        EngineError(code: "oidc_jwks_invalid", status: 400, message: message)
    }
}

// Configuration.
extension EngineError {
    public static func invalidSettings(_ message: String) -> EngineError {
        EngineError(code: "invalid_settings", status: 400, message: message)
    }
}
