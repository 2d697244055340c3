import AsyncHTTPClient

extension ProofVerifierRegistry {
    /// Every verifier of section 4 wired from `settings`: EVM, Solana, NEAR (NEP-413 for
    /// `settings.serviceId`), WebAuthn (when `settings.webAuthn` is set; counters in `store`),
    /// OIDC (keys in an `OIDCKeyRegistry` persisted in `store`, fetched with `httpClient`), and
    /// emails pre-verified by MailIngest. Settings are validated first.
    public static func standard(
        settings: AuthenticationSettings,
        store: some WebAuthnCounterStore & OIDCKeyStore,
        httpClient: HTTPClient?
    ) throws(EngineError) -> ProofVerifierRegistry {
        try settings.validate()
        let oidcKeys = try OIDCKeyRegistry(settings: settings.oidc, store: store, httpClient: httpClient)
        return try standard(settings: settings, counters: store, oidcKeys: oidcKeys)
    }

    /// As `standard(settings:store:httpClient:)`, with an OIDC key registry made by the caller.
    public static func standard(
        settings: AuthenticationSettings,
        counters: any WebAuthnCounterStore,
        oidcKeys: OIDCKeyRegistry
    ) throws(EngineError) -> ProofVerifierRegistry {
        try settings.validate()
        var verifiers: [IdentityKind: any ProofVerifier] = [
            .evm: EVMPersonalSignVerifier(),
            .solana: SolanaSignatureVerifier(),
            .near: NEP413SignatureVerifier(recipient: settings.serviceId),
            .oidc: OIDCIDTokenVerifier(keys: oidcKeys),
        ]
        if let webAuthn = settings.webAuthn {
            verifiers[.webAuthn] = WebAuthnAssertionVerifier(settings: webAuthn, counters: counters)
        }
        var registry = ProofVerifierRegistry(verifiers: verifiers)
        registry.oidcKeyRegistry = oidcKeys
        return registry
    }
}
