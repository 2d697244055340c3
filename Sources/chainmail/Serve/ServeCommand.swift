import AccountEngine
import ArgumentParser
import AsyncHTTPClient
import ChainSigner
import ChainTransactions
import ChainmailMetrics
import DKIMVerifier
import ErrorCodes
import Foundation
import HTTPAPI
import Logging
import MailIngest
import MailTransport
import NEARClient
import PostgresStore
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the mail poller, the SMTP replier and the HTTP API until SIGTERM or SIGINT.",
        discussion: "Every setting is documented in config/chainmail.example.yaml."
    )

    @Option(help: "The YAML configuration file.")
    var config: String

    func run() async throws {
        let settings: ServeConfiguration
        switch ServeConfiguration.read(path: config) {
        case .success(let read): settings = read
        case .failure(let error): exitWithConfigurationProblems(error.problems.map(\.description))
        }
        let problems = settings.offlineProblems()
        guard problems.isEmpty else { exitWithConfigurationProblems(problems.map { "\(config): \($0)" }) }
        ConsoleLogging.bootstrap(level: settings.logLevel, format: settings.logFormat)
        let logger = Logger(label: "chainmail")

        // The lock comes before anything connects or listens: a second serve leaves no trace.
        let lock: InstanceLock
        do {
            try DataDirectory.prepare(settings.dataDirectory)
            lock = try InstanceLock(dataDirectory: settings.dataDirectory)
        } catch {
            FileHandle.standardError.write(Data("chainmail: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let store: any ServeStore
        let ledger: any ServeLedger
        var postgres: PostgresAccountStore?
        switch settings.store.kind {
        case .sqlite:
            let sqlite = try SQLiteAccountStore(path: DataDirectory.storePath(in: settings.dataDirectory))
            DataDirectory.tightenModes(settings.dataDirectory)
            ledger = try SQLiteMailLedger(sharing: sqlite)
            store = sqlite
        case .postgres:
            let shared = try await openPostgres(settings.store, logger: logger)
            DataDirectory.tightenModes(settings.dataDirectory)
            ledger = PostgresMailLedger(sharing: shared)
            store = shared
            postgres = shared
        }
        try await withHTTPClient { httpClient in
            try await serve(settings, store: store, ledger: ledger, httpClient: httpClient, logger: logger)
        }
        await postgres?.close()
        withExtendedLifetime(lock) {}
        logger.info("chainmail stopped")
    }

    /// Connects to the PostgreSQL store and brings its schema up to date; a URL it refuses or a CA
    /// file it cannot use ends serve with status 78, a database it cannot reach with
    /// `store_unavailable` and status 1.
    private func openPostgres(_ section: ServeConfiguration.StoreSection, logger: Logger) async throws -> PostgresAccountStore {
        let configuration: PostgresAccountStore.Configuration
        do {
            configuration = try section.postgresConfiguration()
        } catch {
            exitWithConfigurationProblems(["\(config): \(error)"])
        }
        do {
            let store = try await PostgresAccountStore(configuration: configuration)
            let endpoint = try configuration.endpoint()
            logger.info(
                "postgres store",
                metadata: [
                    "host": "\(endpoint.host)", "port": "\(endpoint.port)", "database": "\(endpoint.database)",
                    "tls": "\(configuration.tls.rawValue)",
                ]
            )
            return store
        } catch let error as EngineError where error.code == ErrorCode.invalidConfiguration.name {
            exitWithConfigurationProblems(["\(config): store: \(error.message)"])
        } catch let error as EngineError where error.code == ErrorCode.tlsCaFileUnreadable.name {
            exitWithConfigurationProblems(["\(config): store.caFile: \(error.code): \(error.message)"])
        } catch let error as EngineError {
            FileHandle.standardError.write(Data("chainmail: \(error.code): \(error.message)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// Records this instance's root public key in the store at its first start, and refuses to
    /// serve (`signer_root_key_mismatch`, status 78) when the store holds another: every instance
    /// on one store signs with one root. The local signer's is its root secret's (the data
    /// directory's or `signer.rootKeyFile`); the near-mpc signer's is the pinned
    /// `signer.rootPublicKey`, known without asking the contract.
    private func checkRootPublicKey(_ settings: ServeConfiguration, signer: any Signer, store: any ServeStore) async throws {
        let root: Secp256k1PublicKey
        if settings.signer.kind == .nearMPC, let pinned = settings.signer.parsedRootPublicKey {
            root = pinned
        } else {
            root = try await signer.rootPublicKey()
        }
        guard let mismatch = try await store.checkRoot(root) else { return }
        exitWithConfigurationProblems(["\(config): \(mismatch.code.name): \(mismatch.message)"])
    }

    /// With near-mpc on a shared store, claims this instance's access key for as long as it runs
    /// (`AccessKeyClaim`); another instance holding it ends serve with `signer_access_key_in_use`
    /// and status 78.
    private func claimAccessKey(_ settings: ServeConfiguration, store: any ServeStore, holder: String) async throws -> AccessKeyClaim? {
        guard settings.store.kind == .postgres, settings.signer.kind == .nearMPC, let keyFile = settings.near?.keyFile else { return nil }
        let publicKey: String
        do {
            publicKey = try Self.accessKeyPublicKey(keyFile: keyFile)
        } catch {
            exitWithConfigurationProblems(["\(config): near.keyFile \(keyFile): \(error)"])
        }
        let lease = settings.store.workerLease
        let claimed = try await AccessKeyClaim.claim(
            publicKey: publicKey,
            store: store,
            holder: holder,
            duration: lease.duration,
            renewInterval: lease.renewInterval
        )
        guard let claimed else {
            exitWithConfigurationProblems([
                "\(config): \(ErrorCode.signerAccessKeyInUse.name): the near-mpc access key \(publicKey) of \(settings.predecessor) is in use by another instance on this store: give each instance its own full-access key of the predecessor (near.keyFile)"
            ])
        }
        return claimed
    }

    /// The public key of the NEAR credentials in `keyFile` (apart, and synchronous: a typed throw
    /// inlined into async code crashes Swift 6.3's release optimiser).
    @inline(never)
    private static func accessKeyPublicKey(keyFile: String) throws -> String {
        "\(try NEARCredentials(contentsOf: URL(fileURLWithPath: keyFile)).keyPair.publicKey)"
    }

    /// Runs `body` with an HTTP client (OIDC keys, the NEAR RPC) that is shut down however it ends.
    private func withHTTPClient(_ body: (HTTPClient) async throws -> Void) async throws {
        // OIDC key fetches and the NEAR RPC: a near-mpc signature holds a connection while it
        // polls its outcome, so signatures overlap only as far as the pool allows.
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(
                connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
            )
        )
        do {
            try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    private func serve(
        _ settings: ServeConfiguration,
        store: any ServeStore,
        ledger: any ServeLedger,
        httpClient: HTTPClient,
        logger: Logger
    ) async throws {
        // `near.rpcURL` confirms `Account` identities' keys whatever `signer.kind` is.
        let verifiers = try ProofVerifierRegistry.standard(
            settings: settings.authentication,
            store: store,
            httpClient: httpClient,
            near: settings.near
        )
        let chains = try settings.chains?.registry() ?? .builtIn
        let signer = try await settings.makeSigner(httpClient: httpClient, logger: logger)
        try await checkRootPublicKey(settings, signer: signer, store: store)
        // On a shared (PostgreSQL) store each background worker runs on one instance at a time.
        let holder = "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)/\(UUID().uuidString.prefix(8))"
        let accessKeyClaim = try await claimAccessKey(settings, store: store, holder: holder)
        let engine = AccountEngine(
            store: store,
            signer: signer,
            verifier: verifiers,
            serviceId: settings.authentication.serviceId,
            pendingLifetime: TimeInterval(settings.authentication.pendingLifetimeSeconds),
            signingWait: .seconds(settings.signer.waitSeconds),
            chains: chains,
            httpClient: httpClient
        )
        let metrics = ChainmailMetrics()
        let replier = try settings.smtp.map { smtp in
            SMTPReplier(
                sender: try SMTPSender(configuration: try smtp.senderConfiguration()),
                outbox: ledger,
                configuration: smtp.replierConfiguration,
                metrics: metrics
            )
        }
        logger.info("dkim keys", metadata: ["dns": "\(settings.dns.summary)"])
        let pipeline = MailPipeline(
            engine: engine,
            keyResolver: try settings.dns.makeResolver(),
            ledger: ledger,
            policy: settings.email.policy,
            serviceAddress: settings.email.serviceAddress,
            logger: Logger(label: "chainmail.mail"),
            metrics: metrics,
            replyQueued: { replier?.wake() }
        )

        func leadership(_ name: String) throws -> WorkerLeadership? {
            guard settings.store.kind == .postgres else { return nil }
            let lease = settings.store.workerLease
            return try WorkerLeadership(
                store: store,
                name: name,
                holder: holder,
                leaseDuration: lease.duration,
                renewInterval: lease.renewInterval,
                logger: Logger(label: "chainmail.lease")
            )
        }
        let mailWorkersLeased = settings.store.kind == .postgres
        var services: [any Service] = []
        if let accessKeyClaim {
            // Ends serve if another instance takes this one's access key (see AccessKeyClaim).
            services.append(LoopService(name: "near-access-key") { await accessKeyClaim.hold(logger: Logger(label: "chainmail.near-mpc")) })
        }
        if engine.signer.isRemote {
            // Completes transactions left `signing` (by a signer down for a while, or a restart).
            services.append(LoopService(name: "signing", leadership: try leadership("signing")) { await engine.runSigningWorker() })
        }
        if chains.evmChains.contains(where: { $0.rpcURL != nil }) {
            // Sends the signed transactions of chains with a node, and follows their receipts.
            let broadcaster = Broadcaster(
                store: store,
                chains: chains,
                httpClient: httpClient,
                observers: [BroadcastMetricsObserver(metrics: metrics)] + (pipeline.broadcastObserver.map { [$0] } ?? []),
                logger: Logger(label: "chainmail.broadcast")
            )
            services.append(LoopService(name: "broadcast", leadership: try leadership("broadcast")) { await broadcaster.run() })
        }
        if let oidcKeys = verifiers.oidcKeyRegistry {
            services.append(LoopService(name: "oidc-keys", leadership: try leadership("oidc-keys")) { await oidcKeys.run() })
        }
        if let imap = settings.imap {
            let poller = try IMAPPoller(
                configuration: try imap.pollerConfiguration(),
                handler: pipeline,
                checkpoints: ledger,
                metrics: metrics
            )
            services.append(LoopService(name: "imap", leadership: try leadership("imap")) { await poller.run() })
        }
        if let replier {
            services.append(LoopService(name: "smtp", leadership: try leadership("smtp")) { await replier.run() })
        }
        if let http = settings.http {
            do {
                services.append(
                    try makeHTTPApplication(
                        settings: http,
                        engine: engine,
                        pipeline: pipeline,
                        ledger: ledger,
                        oidcKeys: verifiers.oidcKeyRegistry,
                        // GET /readyz: the components this process runs, as their users report them. On a
                        // shared store the mail workers run on whichever instance holds their lease, so
                        // an instance's readiness is its own: DNS (the HTTP API's POST /v1/email).
                        readinessComponents: Set(
                            [.dns] + (settings.imap == nil || mailWorkersLeased ? [] : [.imap])
                                + (settings.smtp == nil || mailWorkersLeased ? [] : [.smtp])
                        ),
                        logger: Logger(label: "chainmail.http"),
                        // The bound port, which is the way to learn it with `http.port: 0`.
                        onServerRunning: { port in
                            Logger(label: "chainmail.http").info("http listening", metadata: ["host": "\(http.host)", "port": "\(port)"])
                        }
                    )
                )
            } catch {
                exitWithConfigurationProblems(["\(config): http: \(error.message)"])
            }
        }
        guard !services.isEmpty else {
            exitWithConfigurationProblems(["\(config): nothing to serve: configure http, imap, smtp or authentication.oidc"])
        }

        // DNS readiness from the start, not from the first mail; looked at again every 30 s while
        // it is down, so recovery shows even when no mail is waiting. (A service that returns
        // would stop the group, so this one loops until shutdown.)
        services.append(
            LoopService(name: "dns-probe") {
                while !Task.isCancelled {
                    if metrics.componentStatuses()[.dns]?.ready != true { await pipeline.probeDNS() }
                    try? await Task.sleep(for: .seconds(30))
                }
            }
        )
        logger.info("chainmail serving", metadata: ["services": "\(services.count)", "data": "\(settings.dataDirectory)"])
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
    }
}
