import AccountEngine
import Foundation
import Testing

@Suite("AuthenticationSettings: defaults, decoding and validation")
struct AuthenticationSettingsTests {
    @Test("an empty object decodes to the defaults: chainmail.testnet, no passkeys, no issuers")
    func defaults() throws {
        let settings = try JSONDecoder().decode(AuthenticationSettings.self, from: Data("{}".utf8))
        #expect(settings == AuthenticationSettings())
        #expect(settings.serviceId == "chainmail.testnet")
        #expect(settings.webAuthn == nil)
        #expect(settings.oidc.issuers.isEmpty)
        try settings.validate()
    }

    @Test("a full configuration decodes, with refreshInterval defaulting to 3600, and round-trips")
    func decodes() throws {
        let text = """
            {"serviceId":"relay.near","webAuthn":{"rpId":"example.com","origins":["https://example.com","https://app.example.com:8443"]},
             "oidc":{"issuers":[{"issuer":"https://accounts.google.com","jwksURL":"https://www.googleapis.com/oauth2/v3/certs"},
                                {"issuer":"https://login.example","jwksFile":"/etc/chainmail/login.jwks","refreshInterval":600},
                                {"issuer":"https://gone.example"}]}}
            """
        let settings = try JSONDecoder().decode(AuthenticationSettings.self, from: Data(text.utf8))
        try settings.validate()
        #expect(settings.oidc.issuers.map(\.refreshInterval) == [3600, 600, 3600])
        let again = try JSONDecoder().decode(AuthenticationSettings.self, from: try JSONEncoder().encode(settings))
        #expect(again == settings)
    }

    @Test("invalid settings are refused with invalid_settings", arguments: [
        AuthenticationSettings(serviceId: "Not A NEAR id"),
        AuthenticationSettings(webAuthn: WebAuthnSettings(rpId: "https://example.com", origins: ["https://example.com"])),
        AuthenticationSettings(webAuthn: WebAuthnSettings(rpId: "example.com", origins: [])),
        AuthenticationSettings(webAuthn: WebAuthnSettings(rpId: "example.com", origins: ["https://example.com/"])),
        AuthenticationSettings(webAuthn: WebAuthnSettings(rpId: "example.com", origins: ["http://example.com"])),
        AuthenticationSettings(webAuthn: WebAuthnSettings(rpId: "example.com", origins: ["https://evil.com"])),
        AuthenticationSettings(webAuthn: WebAuthnSettings(rpId: "example.com", origins: ["https://notexample.com"])),
        AuthenticationSettings(oidc: OIDCSettings(issuers: [OIDCIssuerSettings(issuer: "")])),
        AuthenticationSettings(oidc: OIDCSettings(issuers: [OIDCIssuerSettings(issuer: "https://a"), OIDCIssuerSettings(issuer: "https://a")])),
        AuthenticationSettings(oidc: OIDCSettings(issuers: [OIDCIssuerSettings(issuer: "https://a", jwksURL: "http://keys.example/jwks")])),
        AuthenticationSettings(oidc: OIDCSettings(issuers: [OIDCIssuerSettings(issuer: "https://a", jwksURL: "https://k/j", jwksFile: "/k")])),
        AuthenticationSettings(oidc: OIDCSettings(issuers: [OIDCIssuerSettings(issuer: "https://a", jwksURL: "https://k/j", refreshInterval: 5)])),
    ])
    func invalid(_ settings: AuthenticationSettings) {
        do {
            try settings.validate()
            Issue.record("accepted \(settings)")
        } catch {
            #expect(error.code == "invalid_settings")
        }
    }

    @Test("the standard registry refuses invalid settings, and without webAuthn settings passkeys are unsupported")
    func standardRegistry() async throws {
        let store = try SQLiteAccountStore()
        #expect(throws: EngineError.self) {
            try ProofVerifierRegistry.standard(settings: AuthenticationSettings(serviceId: "X"), store: store, httpClient: nil)
        }
        let registry = try ProofVerifierRegistry.standard(settings: AuthenticationSettings(), store: store, httpClient: nil)
        #expect(registry.oidcKeyRegistry != nil)
        let identity = try AuthIdentity(.webAuthn(keyId: "abc", publicKey: [UInt8](hex: "024b6f491fa06d2765801a99e7f635825318a6287806ff737f76c69aae4ab1eb69")!))
        let verdict = await registry.verify(ProofInput(identity: identity, message: "", evidence: .messageSignature("{}"), txHash: [], now: Date()))
        #expect(verdict.refusalCode == "unsupported_identity")
    }
}
