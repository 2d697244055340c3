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

/// A real engine with every verifier (`ProofVerifierRegistry.standard`) on a SQLite file in a
/// temporary folder, with the local signer. `reopened` makes new instances on the same files,
/// as a restart would.
struct AuthFixture {
    let directory: URL
    let store: SQLiteAccountStore
    let signer: LocalSigner
    let verifiers: ProofVerifierRegistry
    let engine: AccountEngine

    var oidcKeys: OIDCKeyRegistry { verifiers.oidcKeyRegistry! }

    init(
        settings: AuthenticationSettings = .testing(),
        directory: URL? = nil,
        httpClient: HTTPClient? = nil,
        near: NEARSettings? = nil
    ) throws {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-auth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        store = try SQLiteAccountStore(path: directory.appendingPathComponent("accounts.sqlite").path)
        signer = try LocalSigner(dataDirectory: directory.path, predecessor: "chainmail.testnet")
        verifiers = try ProofVerifierRegistry.standard(settings: settings, store: store, httpClient: httpClient, near: near)
        engine = AccountEngine(store: store, signer: signer, verifier: verifiers)
    }

    func reopened(settings: AuthenticationSettings = .testing(), httpClient: HTTPClient? = nil) throws -> AuthFixture {
        try AuthFixture(settings: settings, directory: directory, httpClient: httpClient)
    }

    func removeFiles() {
        try? FileManager.default.removeItem(at: directory)
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
