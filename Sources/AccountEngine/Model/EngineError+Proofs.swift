import ErrorCodes

// Refusals of the WebAuthn and OIDC verifiers. Each rule has its own stable code, so a client (and
// an operator reading logs) can tell which check failed. All are proof failures (unproven) except
// `oidc_keys_unavailable`, which says a dependency is down (unavailable: retry later).

// WebAuthn (passkey) assertions.
extension EngineError {
    public static func webAuthnAssertionMalformed(_ message: String) -> EngineError {
        EngineError(.webauthnAssertionMalformed, message: message)
    }

    public static func webAuthnTypeMismatch(_ type: String) -> EngineError {
        EngineError(.webauthnTypeMismatch, message: "clientDataJSON type is \(quoted(type)), not \"webauthn.get\"")
    }

    public static let webAuthnChallengeMismatch = EngineError(
        .webauthnChallengeMismatch,
        message: "clientDataJSON challenge is not base64url of this transaction's 32 txHash bytes"
    )

    public static func webAuthnOriginMismatch(_ origin: String) -> EngineError {
        EngineError(.webauthnOriginMismatch, message: "clientDataJSON origin \(quoted(origin)) is not a configured origin")
    }

    public static let webAuthnCrossOrigin = EngineError(
        .webauthnCrossOrigin,
        message: "the assertion was made in a cross-origin frame (crossOrigin is true)"
    )

    public static let webAuthnRpIdMismatch = EngineError(
        .webauthnRpIdMismatch,
        message: "authenticatorData rpIdHash is not SHA-256 of the configured rpId"
    )

    public static let webAuthnUserNotPresent = EngineError(
        .webauthnUserNotPresent,
        message: "authenticatorData does not have the user-present (UP) flag"
    )

    public static let webAuthnSignatureInvalid = EngineError(
        .webauthnSignatureInvalid,
        message: "the P-256 signature does not verify over authenticatorData ‖ SHA-256(clientDataJSON) with the identity's key"
    )

    public static let emailReplayed = EngineError(
        .emailReplayed,
        message: "this email (its DKIM signature) has already authorised a transaction"
    )

    public static func webAuthnCounterRegressed(stored: UInt32, presented: UInt32) -> EngineError {
        EngineError(
            .webauthnCounterRegressed,
            message: "the authenticator's sign counter \(presented) is not above the stored \(stored): a replayed assertion or a cloned authenticator"
        )
    }
}

// OIDC ID tokens and the issuers' key registry.
extension EngineError {
    public static func oidcTokenMalformed(_ message: String) -> EngineError {
        EngineError(.oidcTokenMalformed, message: message)
    }

    public static func oidcIssuerUnknown(_ issuer: String) -> EngineError {
        EngineError(.oidcIssuerUnknown, message: "no keys are registered or configured for issuer \(quoted(issuer))")
    }

    public static func oidcKidUnknown(_ message: String) -> EngineError {
        EngineError(.oidcKidUnknown, message: message)
    }

    public static func oidcKeysUnavailable(_ message: String) -> EngineError {
        EngineError(.oidcKeysUnavailable, message: message)
    }

    public static func oidcAlgorithmRefused(_ message: String) -> EngineError {
        EngineError(.oidcAlgorithmRefused, message: message)
    }

    public static let oidcSignatureInvalid = EngineError(
        .oidcSignatureInvalid,
        message: "the ID token's signature does not verify with the issuer's key for its kid"
    )

    public static func oidcIssuerMismatch(_ iss: String) -> EngineError {
        EngineError(.oidcIssuerMismatch, message: "the token's iss \(quoted(iss)) is not the identity's issuer")
    }

    public static func oidcAudienceMismatch(_ message: String) -> EngineError {
        EngineError(.oidcAudienceMismatch, message: message)
    }

    public static func oidcAuthorizedPartyMismatch(_ message: String) -> EngineError {
        EngineError(.oidcAuthorizedPartyMismatch, message: message)
    }

    public static func oidcEmailMismatch(_ message: String) -> EngineError {
        EngineError(.oidcEmailMismatch, message: message)
    }

    public static func oidcEmailUnverified(_ message: String) -> EngineError {
        EngineError(.oidcEmailUnverified, message: message)
    }

    public static let oidcNonceMismatch = EngineError(
        .oidcNonceMismatch,
        message: "the token's nonce is not this transaction's txHash"
    )

    public static func oidcExpired(_ message: String) -> EngineError {
        EngineError(.oidcExpired, message: message)
    }

    public static func oidcIssuedInFuture(_ message: String) -> EngineError {
        EngineError(.oidcIssuedInFuture, message: message)
    }

    public static func oidcNotYetValid(_ message: String) -> EngineError {
        EngineError(.oidcNotYetValid, message: message)
    }

    /// A key set handed to the registry (file, operator import) that cannot be used.
    public static func oidcJWKSInvalid(_ message: String) -> EngineError {
        EngineError(.oidcJwksInvalid, message: message)
    }
}

// Configuration.
extension EngineError {
    public static func invalidSettings(_ message: String) -> EngineError {
        EngineError(.invalidSettings, message: message)
    }
}
