import AccountEngine
import AsyncHTTPClient
import ByteEncoding
import ChainSigner
import ChainmailTestSupport
import Foundation

extension AuthenticationSettings {
    /// The settings the shared vectors were made for: rpId localhost, origin http://localhost:8080,
    /// service chainmail.testnet, and the issuer of oidc.json (keys imported by the test).
    static func testing(issuers: [OIDCIssuerSettings] = [OIDCIssuerSettings(issuer: testIssuer)]) -> AuthenticationSettings {
        AuthenticationSettings(
            serviceId: "chainmail.testnet",
            webAuthn: WebAuthnSettings(rpId: "localhost", origins: ["http://localhost:8080"]),
            oidc: OIDCSettings(issuers: issuers)
        )
    }
}

/// A real engine with every verifier (`ProofVerifierRegistry.standard`) on a store in a temporary
/// folder (a SQLite file there, or a fresh PostgreSQL database with `make(_:)`), with the local
/// signer. `reopen` makes new instances on the same store, as a restart would.
struct AuthFixture {
    let location: StoreLocation
    let store: any AnyAccountStore
    let signer: LocalSigner
    let verifiers: ProofVerifierRegistry
    let engine: AccountEngine

    var directory: URL { location.directory }
    var oidcKeys: OIDCKeyRegistry { verifiers.oidcKeyRegistry! }

    /// The store as SQLite, for tests that reach into its database (the fixture was made on SQLite).
    var sqliteStore: SQLiteAccountStore {
        guard let sqlite = store as? SQLiteAccountStore else { preconditionFailure("this AuthFixture is not on SQLite") }
        return sqlite
    }

    init(
        settings: AuthenticationSettings = .testing(),
        directory: URL? = nil,
        httpClient: HTTPClient? = nil,
        near: NEARSettings? = nil
    ) throws {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-auth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteAccountStore(path: directory.appendingPathComponent("accounts.sqlite").path)
        try self.init(
            location: StoreLocation(kind: .sqlite, directory: directory, database: nil),
            store: store,
            settings: settings,
            httpClient: httpClient,
            near: near
        )
    }

    private init(
        location: StoreLocation,
        store: any AnyAccountStore,
        settings: AuthenticationSettings,
        httpClient: HTTPClient?,
        near: NEARSettings?
    ) throws {
        self.location = location
        self.store = store
        signer = try LocalSigner(dataDirectory: location.directory.path, predecessor: "chainmail.testnet")
        verifiers = try ProofVerifierRegistry.standard(settings: settings, store: store, httpClient: httpClient, near: near)
        engine = AccountEngine(store: store, signer: signer, verifier: verifiers)
    }

    /// A fixture on a store of `kind`.
    static func make(_ kind: TestStore, settings: AuthenticationSettings = .testing(), httpClient: HTTPClient? = nil) async throws -> AuthFixture {
        let location = try await StoreLocation.make(kind)
        return try AuthFixture(location: location, store: try await location.open(), settings: settings, httpClient: httpClient, near: nil)
    }

    /// A new instance on the same store, of either kind.
    func reopen(settings: AuthenticationSettings = .testing(), httpClient: HTTPClient? = nil) async throws -> AuthFixture {
        try AuthFixture(location: location, store: try await location.open(), settings: settings, httpClient: httpClient, near: nil)
    }

    func removeFiles() {
        location.removeFiles()
    }
}

extension ProofVerdict {
    /// The refusal's code, or nil when the proof was accepted.
    var refusalCode: String? {
        if case .refused(let error) = self { return error.code }
        return nil
    }
}

extension EngineError {
    /// Runs `body` and returns the code of the `EngineError` it throws (nil when it succeeds).
    static func code(of body: () async throws -> some Any) async -> String? {
        do {
            _ = try await body()
            return nil
        } catch let error as EngineError {
            return error.code
        } catch {
            return "\(error)"
        }
    }
}

extension JSONValue {
    /// The bytes of a hex string member.
    var hexBytes: [UInt8]? { stringValue.flatMap { [UInt8](hex: $0) } }

    /// The bytes of an unpadded base64url string member.
    var base64URLBytes: [UInt8]? { stringValue.flatMap { Base64.decode($0, .urlUnpadded) } }
}
