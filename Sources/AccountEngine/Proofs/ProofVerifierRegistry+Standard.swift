import AsyncHTTPClient
import Logging
import NEARClient

extension ProofVerifierRegistry {
    /// Every verifier of section 4 wired from `settings`: EVM, Solana, NEAR (NEP-413 for
    /// `settings.serviceId`), NEAR `Account` (NEP-413, then the key's permission over the NEAR RPC
    /// of `near.rpcURL`, asked with `httpClient`; without it such proofs are refused with
    /// `near_rpc_not_configured`), WebAuthn (when `settings.webAuthn` is set; counters in `store`),
    /// OIDC (keys in an `OIDCKeyRegistry` persisted in `store`, fetched with `httpClient`), and
    /// emails pre-verified by MailIngest. Settings are validated first.
    public static func standard(
        settings: AuthenticationSettings,
        store: some WebAuthnCounterStore & OIDCKeyStore,
        httpClient: HTTPClient?,
        near: NEARSettings? = nil
    ) throws(EngineError) -> ProofVerifierRegistry {
        try settings.validate()
        try near?.validate()
        let oidcKeys = try OIDCKeyRegistry(settings: settings.oidc, store: store, httpClient: httpClient)
        var nearAccessKeys: (any NEARAccessKeyLookup)?
        if let near, let rpcURL = near.rpcURL {
            nearAccessKeys = NEARRPCClient(
                rpcURL: rpcURL,
                httpClient: httpClient ?? .shared,
                requestTimeout: near.requestTimeout,
                logger: Logger(label: "chainmail.near")
            )
        }
        return try standard(settings: settings, counters: store, oidcKeys: oidcKeys, nearAccessKeys: nearAccessKeys)
    }

    /// As `standard(settings:store:httpClient:near:)`, with an OIDC key registry and a NEAR
    /// access-key lookup made by the caller.
    public static func standard(
        settings: AuthenticationSettings,
        counters: any WebAuthnCounterStore,
        oidcKeys: OIDCKeyRegistry,
        nearAccessKeys: (any NEARAccessKeyLookup)? = nil
    ) throws(EngineError) -> ProofVerifierRegistry {
        try settings.validate()
        var verifiers: [IdentityKind: any ProofVerifier] = [
            .evm: EVMPersonalSignVerifier(),
            .solana: SolanaSignatureVerifier(),
            .near: NEP413SignatureVerifier(recipient: settings.serviceId),
            .account: NEARAccountVerifier(recipient: settings.serviceId, lookup: nearAccessKeys),
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
