import AccountEngine
import AsyncHTTPClient
import ChainSigner
import ChainmailTestSupport
import Foundation
import Testing

@Suite("OIDC key registry: JWKS over HTTP from a python server, persistence, recovery")
struct OIDCKeyRegistryTests {
    static let identity = try! AuthIdentity(
        .oidc(issuer: AuthenticationSettings.testIssuer, clientId: AuthenticationSettings.testClientId, email: "alice@example.com")
    )

    static func settings(jwksURL: String? = nil, jwksFile: String? = nil) -> AuthenticationSettings {
        .testing(issuers: [OIDCIssuerSettings(issuer: AuthenticationSettings.testIssuer, jwksURL: jwksURL, jwksFile: jwksFile)])
    }

    static func oidcArgs(
        _ provider: PeerOIDCProvider,
        account: String,
        nonce: UInt64,
        actions: [String]? = nil,
        kid: String? = nil
    ) async throws
        -> ExecuteArgs
    {
        let transaction = try SignedTransaction(jsonText: TransactionText.make(account, nonce: nonce, actions ?? [TransactionText.callChainSig()]))
        let token = try await provider.sign(PeerOIDCProvider.claims(txHash: transaction.txHashHex), kid: kid)
        return ExecuteArgs(transaction: transaction, authIdentity: identity, message: "", evidence: .messageSignature(token))
    }

    @Test("keys are fetched from the JWKS URL on first use, then served from memory", arguments: TestStore.allCases)
    func fetchOnFirstUse(_ kind: TestStore) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-oidc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let provider = try await PeerOIDCProvider.make()
        let server = try await JWKSServer(serving: provider.jwksBytes, in: directory)
        defer { server.stop() }
        let fixture = try await AuthFixture.make(kind, settings: Self.settings(jwksURL: server.jwksURL), httpClient: .shared)
        defer { fixture.removeFiles() }
        _ = try await fixture.engine.createAccount(id: "alice", identity: Self.identity)

        for nonce: UInt64 in 0..<3 {
            _ = try await fixture.engine.execute(try await Self.oidcArgs(provider, account: "alice", nonce: nonce))
        }
        #expect(try await server.hits() == 1)
        #expect(try await fixture.store.oidcKeys(issuer: AuthenticationSettings.testIssuer).map(\.kid) == [provider.kid])
    }

    @Test("an unknown kid refreshes the keys (rotation), at most once per refetch interval")
    func rotationAndRateLimit() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-oidc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let old = try await PeerOIDCProvider.make(kid: "old")
        let new = try await PeerOIDCProvider.make(kid: "new")
        let server = try await JWKSServer(serving: old.jwksBytes, in: directory)
        defer { server.stop() }
        let store = try SQLiteAccountStore(path: directory.appendingPathComponent("accounts.sqlite").path)
        let settings = Self.settings(jwksURL: server.jwksURL).oidc

        // Rate-limited: with a minute between refreshes, the new kid is not fetched yet.
        let limited = try OIDCKeyRegistry(settings: settings, store: store, httpClient: .shared)
        #expect(try await limited.refresh(issuer: AuthenticationSettings.testIssuer).kids == ["old"])
        try server.serve(new.jwksBytes)
        for _ in 0..<5 {
            if case .failure(let error) = await limited.signingKey(issuer: AuthenticationSettings.testIssuer, kid: "new") {
                #expect(error.code == "oidc_kid_unknown")
            } else {
                Issue.record("fetched a new kid within the refetch interval")
            }
        }
        #expect(try await server.hits() == 1)

        // Without the limit, the unknown kid triggers one fetch, which replaces the old set.
        let eager = try OIDCKeyRegistry(settings: settings, store: store, httpClient: .shared, refetchInterval: .zero)
        let key = try await eager.signingKey(issuer: AuthenticationSettings.testIssuer, kid: "new").get()
        #expect(key.kid == "new")
        #expect(try await server.hits() == 2)
        #expect(try await store.oidcKeys(issuer: AuthenticationSettings.testIssuer).map(\.kid) == ["new"])
    }

    @Test("a key another process removes from the shared store stops verifying here within the recheck interval", arguments: TestStore.allCases)
    func removalElsewhereIsSeen(_ kind: TestStore) async throws {
        let location = try await StoreLocation.make(kind)
        defer { location.removeFiles() }
        let provider = try await PeerOIDCProvider.make()
        let issuer = AuthenticationSettings.testIssuer
        let operatorRegistry = try OIDCKeyRegistry(settings: OIDCSettings(), store: try await location.open(), httpClient: nil)
        let serving = try OIDCKeyRegistry(
            settings: OIDCSettings(),
            store: try await location.open(),
            httpClient: nil,
            storeRecheckInterval: .milliseconds(200)
        )
        try await operatorRegistry.importJWKS(provider.jwksBytes, issuer: issuer)
        #expect((try? await serving.signingKey(issuer: issuer, kid: provider.kid).get()) != nil, "the imported key is read from the store")

        #expect(try await operatorRegistry.removeKey(issuer: issuer, kid: provider.kid))
        // Polled for far longer than the interval: a registry that kept the key in memory for good
        // would still verify with it at the end.
        var refusal: EngineError?
        for _ in 0..<100 where refusal == nil {
            if case .failure(let error) = await serving.signingKey(issuer: issuer, kid: provider.kid) { refusal = error }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(refusal?.code == "oidc_issuer_unknown", "the store holds no key of the issuer any more: \(String(describing: refusal))")
    }

    @Test("a JWKS file in the settings is read and registered")
    func jwksFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-oidc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let provider = try await PeerOIDCProvider.make()
        let file = directory.appendingPathComponent("issuer.jwks.json")
        try Data(provider.jwksBytes).write(to: file)
        let fixture = try AuthFixture(settings: Self.settings(jwksFile: file.path), directory: directory)
        defer { fixture.removeFiles() }
        _ = try await fixture.engine.createAccount(id: "alice", identity: Self.identity)
        let outcomes = await fixture.oidcKeys.refreshAll()
        #expect(try outcomes[AuthenticationSettings.testIssuer]?.get().source == .jwksFile)
        _ = try await fixture.engine.execute(try await Self.oidcArgs(provider, account: "alice", nonce: 0))
    }

    @Test("recovery: with the provider gone for good, keys registered before still verify after a restart", arguments: TestStore.allCases)
    func recoveryWithRegisteredKeys(_ kind: TestStore) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-oidc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let provider = try await PeerOIDCProvider.make()
        let server = try await JWKSServer(serving: provider.jwksBytes, in: directory)
        let settings = Self.settings(jwksURL: server.jwksURL)
        let first = try await AuthFixture.make(kind, settings: settings, httpClient: .shared)
        defer { first.removeFiles() }
        _ = try await first.engine.createAccount(id: "alice", identity: Self.identity)
        _ = try await first.engine.execute(try await Self.oidcArgs(provider, account: "alice", nonce: 0))

        server.stop()
        let restarted = try await first.reopen(settings: settings, httpClient: .shared)
        let outcomes = await restarted.oidcKeys.refreshAll()
        #expect((try? outcomes[AuthenticationSettings.testIssuer]?.get()) == nil, "the provider is gone")
        let result = try await restarted.engine.execute(try await Self.oidcArgs(provider, account: "alice", nonce: 1))
        #expect(result.nonce == 2)
        // The failed refresh left the registered keys in place.
        #expect(try await restarted.store.oidcKeys(issuer: AuthenticationSettings.testIssuer).map(\.kid) == [provider.kid])
    }

    @Test("recovery: keys never registered and the provider gone: OIDC fails clearly, the other identities still drive the account")
    func recoveryWithoutKeys() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-oidc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let provider = try await PeerOIDCProvider.make()
        // Port 1: nothing has ever answered there (a provider gone before its keys were registered).
        let settings = Self.settings(jwksURL: "http://127.0.0.1:1/jwks.json")
        let fixture = try AuthFixture(settings: settings, directory: directory, httpClient: .shared)
        defer { fixture.removeFiles() }

        let wallet = try await PeerWallet.make()
        let passkey = try await PeerPasskey.make()
        // 1.1: an AddKey of the OIDC identity would need its consent, which no token can give
        // here; the account is created holding it (an operator seeding it, or an AddKey from before).
        _ = try await fixture.engine.createAccount(id: "alice", identities: [try wallet.identity, Self.identity])

        let refused = await EngineError.code { try await fixture.engine.execute(try await Self.oidcArgs(provider, account: "alice", nonce: 0)) }
        #expect(refused == "oidc_keys_unavailable")
        #expect(try await fixture.store.account(id: "alice")?.nonce == 0)

        // The wallet adds a new passkey (which consents with an assertion), and the passkey then
        // signs with the OIDC identity's keys.
        let addPasskey = try await wallet.executeArgs(TransactionText.make("alice", nonce: 0, [TransactionText.addKey(try passkey.identity)]))
        let consent = try await passkey.approval(txHash: addPasskey.transaction.txHashHex, signCount: 1)
        _ = try await fixture.engine.execute(addPasskey.with(consents: [consent]))
        // 1.1: the authTarget is inside the transaction, which the assertion covers.
        let transaction = try SignedTransaction(
            jsonText: TransactionText.make("alice", nonce: 1, authTarget: Self.identity, [TransactionText.callChainSig()])
        )
        let assertion = try await passkey.assert(.init(txHash: transaction.txHashHex, signCount: 2))
        let result = try await fixture.engine.execute(
            ExecuteArgs(transaction: transaction, authIdentity: try passkey.identity, message: "", evidence: .messageSignature(assertion))
        )
        #expect(result.json["results"]?[0]?["derivationPath"]?.string == Self.identity.path + ",ethereum,1")
    }
}
