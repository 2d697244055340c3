import AccountEngine
import ChainSigner
import ChainmailTestSupport
import Foundation
import Testing

@Suite("OIDC ID tokens made by PyJWT with a key only the test holds")
struct OIDCClaimsTests {
    static let txHash = String(repeating: "5a", count: 32)

    static func verifier(_ provider: PeerOIDCProvider) async throws -> OIDCIDTokenVerifier {
        let keys = try OIDCKeyRegistry(
            settings: OIDCSettings(issuers: [OIDCIssuerSettings(issuer: AuthenticationSettings.testIssuer)]),
            store: try SQLiteAccountStore(),
            httpClient: nil
        )
        try await keys.importJWKS(provider.jwksBytes, issuer: AuthenticationSettings.testIssuer)
        return OIDCIDTokenVerifier(keys: keys)
    }

    static func proof(_ token: String, email: String = "alice@example.com") throws -> ProofInput {
        ProofInput(
            identity: try AuthIdentity(.oidc(issuer: AuthenticationSettings.testIssuer, clientId: AuthenticationSettings.testClientId, email: email)),
            message: "",
            evidence: .messageSignature(token),
            txHash: [UInt8](hex: txHash)!,
            now: Date()
        )
    }

    @Test("each claim rule has its own code")
    func claimRules() async throws {
        let provider = try await PeerOIDCProvider.make()
        let verifier = try await Self.verifier(provider)
        let client = JSONValue.string(AuthenticationSettings.testClientId)
        let now = Date()
        let cases: [(String, JSONValue, String?)] = [
            ("plain", PeerOIDCProvider.claims(txHash: Self.txHash), nil),
            ("aud array of one", PeerOIDCProvider.claims(txHash: Self.txHash, audience: .array([client])), nil),
            (
                "aud array of two with azp",
                PeerOIDCProvider.claims(txHash: Self.txHash, audience: .array([.string("other"), client]), overrides: ["azp": client]),
                nil
            ),
            (
                "aud array of two without azp", PeerOIDCProvider.claims(txHash: Self.txHash, audience: .array([.string("other"), client])),
                "oidc_authorized_party_mismatch"
            ),
            (
                "aud array of two, azp another",
                PeerOIDCProvider.claims(txHash: Self.txHash, audience: .array([client, .string("other")]), overrides: ["azp": .string("other")]),
                "oidc_authorized_party_mismatch"
            ),
            ("another aud", PeerOIDCProvider.claims(txHash: Self.txHash, audience: .string("another-client")), "oidc_audience_mismatch"),
            (
                "aud array without us", PeerOIDCProvider.claims(txHash: Self.txHash, audience: .array([.string("a"), .string("b")])),
                "oidc_audience_mismatch"
            ),
            ("email in capitals", PeerOIDCProvider.claims(txHash: Self.txHash, email: " Alice@Example.COM"), nil),
            ("another email", PeerOIDCProvider.claims(txHash: Self.txHash, email: "mallory@example.com"), "oidc_email_mismatch"),
            (
                "email_verified \"true\"", PeerOIDCProvider.claims(txHash: Self.txHash, overrides: ["email_verified": .string("true")]),
                "oidc_email_unverified"
            ),
            ("email_verified null", PeerOIDCProvider.claims(txHash: Self.txHash, overrides: ["email_verified": .null]), "oidc_email_unverified"),
            ("nonce of another transaction", PeerOIDCProvider.claims(txHash: String(repeating: "5b", count: 32)), "oidc_nonce_mismatch"),
            ("nonce in capitals", PeerOIDCProvider.claims(txHash: Self.txHash.uppercased()), nil),
            ("another issuer", PeerOIDCProvider.claims(txHash: Self.txHash, issuer: "https://evil.chainmail.test"), "oidc_issuer_mismatch"),
            ("expired", PeerOIDCProvider.claims(txHash: Self.txHash, now: now.addingTimeInterval(-3700)), "oidc_expired"),
            ("issued in the future", PeerOIDCProvider.claims(txHash: Self.txHash, now: now.addingTimeInterval(600)), "oidc_issued_in_future"),
            (
                "nbf in the future",
                PeerOIDCProvider.claims(txHash: Self.txHash, overrides: ["nbf": .integer(UInt64(now.timeIntervalSince1970) + 600)]),
                "oidc_not_yet_valid"
            ),
            ("exp as a string", PeerOIDCProvider.claims(txHash: Self.txHash, overrides: ["exp": .string("9999999999")]), "oidc_token_malformed"),
        ]
        let tokens = try await provider.sign(cases.map(\.1))
        for ((name, _, code), token) in zip(cases, tokens) {
            #expect(await verifier.verify(try Self.proof(token)).refusalCode == code, "\(name)")
        }
    }

    @Test("algorithm confusion: an HS256 token keyed with the RSA public key PEM is refused with oidc_algorithm_refused")
    func algorithmConfusion() async throws {
        let provider = try await PeerOIDCProvider.make()
        let verifier = try await Self.verifier(provider)
        let forged = try await provider.sign(PeerOIDCProvider.claims(txHash: Self.txHash), alg: "HS256-with-public-key")
        #expect(await verifier.verify(try Self.proof(forged)).refusalCode == "oidc_algorithm_refused")
        // RS384 by the right key: refused too, the key is registered for RS256 only.
        let rs384 = try await provider.sign(PeerOIDCProvider.claims(txHash: Self.txHash), alg: "RS384")
        #expect(await verifier.verify(try Self.proof(rs384)).refusalCode == "oidc_algorithm_refused")
    }

    @Test("a kid that is not registered is refused with oidc_kid_unknown, even though another key would verify nothing")
    func strictKid() async throws {
        let provider = try await PeerOIDCProvider.make()
        let verifier = try await Self.verifier(provider)
        let otherKid = try await provider.sign(PeerOIDCProvider.claims(txHash: Self.txHash), kid: "peer-key-2")
        #expect(await verifier.verify(try Self.proof(otherKid)).refusalCode == "oidc_kid_unknown")
        // Another provider's key under our kid: the signature fails.
        let impostor = try await PeerOIDCProvider.make(kid: provider.kid)
        let forged = try await impostor.sign(PeerOIDCProvider.claims(txHash: Self.txHash))
        #expect(await verifier.verify(try Self.proof(forged)).refusalCode == "oidc_signature_invalid")
    }

    @Test("a JWKS is filtered key by key: unusable keys are skipped with a reason, the rest registered")
    func jwksFiltering() async throws {
        let provider = try await PeerOIDCProvider.make(kid: "good")
        let good = try #require(provider.jwks["keys"]?[0]?.objectValue)
        func variant(_ kid: String, _ changes: [String: JSONValue?]) -> JSONValue {
            var members = good.members.filter { changes[$0.key] == nil && $0.key != "kid" }
            members.append(JSONObject.Member(key: "kid", value: .string(kid)))
            for (key, value) in changes { if let value { members.append(JSONObject.Member(key: key, value: value)) } }
            return .object(JSONObject(members))
        }
        let jwks = JSONValue.object([
            "keys": .array([
                .object(good),
                variant("enc", ["use": .string("enc")]),
                variant("rs512", ["alg": .string("RS512")]),
                variant("private", ["d": .string("AQAB")]),
                variant("okp", ["kty": .string("OKP"), "crv": .string("Ed25519"), "x": .string("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")]),
                variant("no-verify", ["key_ops": .array([.string("encrypt")])]),
                variant("twice", [:]),
                variant("twice", [:]),
                variant("", [:]),
                .string("not a key"),
                .object([
                    "kty": .string("EC"), "kid": .string("p384"), "crv": .string("P-384"), "x": .string("AA"), "y": .string("AA"),
                ]),
            ]),
            "extra": .string("ignored"),
        ])
        let keys = try OIDCKeyRegistry(settings: OIDCSettings(), store: try SQLiteAccountStore(), httpClient: nil)
        let imported = try await keys.importJWKS(jwks.compactBytes, issuer: AuthenticationSettings.testIssuer)
        #expect(imported.kids == ["good"])
        #expect(Set(imported.skipped.compactMap(\.kid)) == ["enc", "rs512", "private", "okp", "no-verify", "twice", "", "p384"])
        #expect(imported.skipped.count == 10)
    }

    @Test("an import with no usable key, or that is not a JWKS, is refused with oidc_jwks_invalid and changes nothing")
    func unusableImport() async throws {
        let store = try SQLiteAccountStore()
        let keys = try OIDCKeyRegistry(settings: OIDCSettings(), store: store, httpClient: nil)
        for text in [#"{"keys":[{"kty":"oct","kid":"h","k":"c2VjcmV0"}]}"#, #"{"keys":{}}"#, "[]", "{"] {
            let code = await EngineError.code { try await keys.importJWKS(Array(text.utf8), issuer: AuthenticationSettings.testIssuer) }
            #expect(code == "oidc_jwks_invalid", "\(text)")
        }
        #expect(try await store.oidcKeyIssuers().isEmpty)
    }
}
