import AccountEngine
import ChainSigner
import ChainTransactions
import ChainmailMetrics
import DKIMVerifier
import Foundation
import HTTPAPI
import Hummingbird
import Logging
import MailIngest
import ServiceLifecycle

/// A real chainmail HTTP API on 127.0.0.1 (a free port), over a real SQLite store and ledger in a
/// temporary folder, the local signer and the real mail pipeline. Stopped by a graceful shutdown.
final class LiveServer: Sendable {
    static let serviceMailbox = "approve@chainmail.test"
    static let predecessor = "chainmail.testnet"

    let directory: URL
    let store: SQLiteAccountStore
    let signer: LocalSigner
    let engine: AccountEngine
    let ledger: SQLiteMailLedger
    let pipeline: MailPipeline
    /// The pipeline's registry, which GET /metrics prints.
    let metrics: ChainmailMetrics
    let settings: HTTPAPISettings
    /// The OIDC key registry behind PUT /v1/oidc/{issuer}/keys, when the server runs every verifier.
    let oidcKeys: OIDCKeyRegistry?
    let port: Int
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    /// - Parameters:
    ///   - authentication: when given, the engine runs every verifier of section 4 wired from it (the
    ///     standard registry over this server's store, OIDC keys only from operator pushes); otherwise
    ///     the engine's default (EVM and verified emails).
    ///   - dkimRecords: `NAME TXT-RDATA` lines (the FAKE_DNS.dat format) the pipeline's static key resolver answers.
    ///   - settings: the server's settings (`.testing`: port 0, a short idle timeout).
    init(
        dkimRecords: String = "",
        authentication: AuthenticationSettings? = nil,
        settings: HTTPAPISettings = .testing,
        readinessComponents: Set<ServiceComponent> = [],
        chains: ChainRegistry = .builtIn
    ) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = directory.appendingPathComponent("chainmail.sqlite").path
        store = try SQLiteAccountStore(path: database)
        ledger = try SQLiteMailLedger(sharing: store)
        signer = try LocalSigner(dataDirectory: directory.path, predecessor: Self.predecessor)
        if let authentication {
            let verifiers = try ProofVerifierRegistry.standard(settings: authentication, store: store, httpClient: nil)
            engine = AccountEngine(store: store, signer: signer, verifier: verifiers, chains: chains)
            oidcKeys = verifiers.oidcKeyRegistry
        } else {
            engine = AccountEngine(store: store, signer: signer, chains: chains)
            oidcKeys = nil
        }
        var logger = Logger(label: "chainmail.http.test")
        logger.logLevel = ProcessInfo.processInfo.environment["CHAINMAIL_TEST_LOG"] == nil ? .critical : .info
        metrics = ChainmailMetrics()
        pipeline = MailPipeline(
            engine: engine,
            keyResolver: StaticKeyResolver(fakeDNSText: dkimRecords),
            ledger: ledger,
            serviceAddress: Self.serviceMailbox,
            logger: logger,
            metrics: metrics
        )
        self.settings = settings
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = try makeHTTPApplication(
            settings: settings,
            engine: engine,
            pipeline: pipeline,
            ledger: ledger,
            oidcKeys: oidcKeys,
            readinessComponents: readinessComponents,
            logger: logger,
            onServerRunning: { port in
                portContinuation.yield(port)
                portContinuation.finish()
            }
        )
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        self.group = group
        running = Task { try await group.run() }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw LiveServerError(description: "the server did not start") }
        self.port = port
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Graceful shutdown; returns once the server has stopped.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await running.value
    }

    func removeFiles() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Every account as stored, as text, for before/after comparisons.
    func storedAccountsText(_ accountIds: [String]) async throws -> String {
        var lines: [String] = []
        for accountId in accountIds.sorted() {
            lines.append(try await store.account(id: accountId)?.json.canonicalText ?? "\(accountId): absent")
        }
        return lines.joined(separator: "\n")
    }
}

struct LiveServerError: Error, CustomStringConvertible {
    let description: String
}

/// Runs `body` against a fresh live server, stopping it and removing its files afterwards.
func withLiveServer<T>(
    dkimRecords: String = "",
    authentication: AuthenticationSettings? = nil,
    settings: HTTPAPISettings = .testing,
    readinessComponents: Set<ServiceComponent> = [],
    chains: ChainRegistry = .builtIn,
    _ body: (LiveServer) async throws -> T
) async throws -> T {
    let server = try await LiveServer(
        dkimRecords: dkimRecords,
        authentication: authentication,
        settings: settings,
        readinessComponents: readinessComponents,
        chains: chains
    )
    do {
        let value = try await body(server)
        try await server.stop()
        server.removeFiles()
        return value
    } catch {
        try? await server.stop()
        server.removeFiles()
        throw error
    }
}

extension HTTPAPISettings {
    /// Port 0 (a free port), the test service mailbox, a 5-second idle timeout, no per-client
    /// limits (the tests, schemathesis and the benchmarks are one client sending many requests).
    static var testing: HTTPAPISettings {
        HTTPAPISettings(
            port: 0,
            serviceMailbox: LiveServer.serviceMailbox,
            idleTimeoutSeconds: 5,
            rateLimit: .disabled,
            limits: .disabled
        )
    }

    /// The test settings with one member changed.
    static func testing<Value>(_ member: WritableKeyPath<HTTPAPISettings, Value>, _ value: Value) -> HTTPAPISettings {
        var settings = HTTPAPISettings.testing
        settings[keyPath: member] = value
        return settings
    }
}
