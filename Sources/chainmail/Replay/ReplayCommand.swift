import AccountEngine
import ArgumentParser
import ChainSigner
import ChainTransactions
import DKIMVerifier
import Foundation
import Logging
import MailIngest

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run .eml files through the whole email pipeline on a fresh embedded store.",
        discussion: """
            Each folder given (or holding a given file) may have a dns.txt (DKIM keys, in the FAKE_DNS.dat \
            format) and an accounts.json ([{"accountId","authIdentities"}]) that seed the fresh store; \
            and a file named `now` (unix seconds) that is the default for --now, so fixtures signed at a \
            fixed time replay the same way later. Mails run in file-name order against one store, so a \
            mail can be refused as a replay of an earlier one, and proofs a mail leaves awaiting (a \
            consent, PROTOCOL.md section 4.1) are kept for the later mails of the run. Replies are \
            composed but not sent. The To/Cc rule of section 5 is checked only with --service-address. \
            A mail that cannot be handled for a cause that is not its fault (a DKIM key look-up that \
            failed temporarily: `~~SERVFAIL~~` or `~~Query timed out~~` in dns.txt) is reported as \
            `deferred` with the cause's code, and nothing is recorded for it.
            """
    )

    @Option(help: "Process the mails as if at this unix time (default: the folder's `now` file, else the current time).")
    var now: Int64?

    @Option(help: "The NEAR account id that calls the chain-signature signer.")
    var predecessor: String = "chainmail.testnet"

    @Option(name: .customLong("service-id"), help: "The service id that wallet approval lines and NEP-413 messages name.")
    var serviceId: String = AuthenticationSettings.defaultServiceId

    @Option(name: .customLong("service-address"), help: "The service's address: mails whose To and Cc do not name it are refused.")
    var serviceAddress: String?

    @Flag(help: "One JSON object a line, then a summary object.")
    var json = false

    @Option(name: .customLong("log-level"), help: "Log lines on standard error from this level up (trace … critical).")
    var logLevel: Logger.Level = .warning

    @Option(
        name: .customLong("broadcast-wait"),
        help: "Seconds to wait for the signed transactions of chains with an rpcURL (chains.json) to be confirmed."
    )
    var broadcastWaitSeconds = 120

    @Argument(help: "Folders of .eml files, or .eml files.")
    var paths: [String]

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one folder or .eml file") }
    }

    func run() async throws {
        ConsoleLogging.bootstrap(level: logLevel)
        let inputs = try ReplayInputs(paths: paths)
        let clock = now ?? inputs.fixtureTime ?? Int64(Date().timeIntervalSince1970)
        let date = Date(timeIntervalSince1970: TimeInterval(clock))

        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workspace) }
        let databasePath = workspace.appendingPathComponent("chainmail.sqlite").path
        // The store lives only as long as this command: no fsync per commit.
        let store = try SQLiteAccountStore(path: databasePath, durable: false)
        let engine = AccountEngine(
            store: store,
            signer: try inputs.signerRoot.map { try LocalSigner(rootSecret: $0, predecessor: predecessor) }
                ?? LocalSigner(dataDirectory: workspace.path, predecessor: predecessor),
            serviceId: serviceId,
            chains: inputs.chains,
            now: { date }
        )
        for account in inputs.accounts {
            _ = try await engine.createAccount(id: account.accountId, identities: account.identities)
        }
        let pipeline = MailPipeline(
            engine: engine,
            keyResolver: inputs.keyResolver,
            ledger: try SQLiteMailLedger(sharing: store),
            serviceAddress: serviceAddress ?? "replay@chainmail.invalid",
            requiresServiceRecipient: serviceAddress != nil,
            now: { date }
        )

        var outcomes: [(file: String, outcome: Result<MailOutcome, EngineError>)] = []
        for file in inputs.files {
            let raw = try FileBytes.contents(of: file)
            do {
                outcomes.append((file, .success(try await pipeline.process(raw, source: .file(file)))))
            } catch let error as EngineError where error.category == .unavailable {
                // Not the mail's fault (a DKIM key look-up that failed temporarily): nothing was
                // recorded, and the mail would be tried again later in the service.
                outcomes.append((file, .failure(error)))
            }
        }
        let executed = outcomes.compactMap { try? $0.outcome.get() }.filter { $0.status == .executed }.compactMap(\.txHash)
        try await ReplayBroadcasts.send(executed, store: store, chains: inputs.chains, waitSeconds: broadcastWaitSeconds)

        var report = ReplayReport(json: json)
        for (file, outcome) in outcomes {
            switch outcome {
            case .success(let outcome):
                var broadcasts: [Broadcast] = []
                if let txHash = outcome.txHash { broadcasts = try await store.broadcasts(txHash: txHash) }
                report.add(file: file, outcome: outcome, broadcasts: broadcasts)
            case .failure(let error):
                report.addDeferred(file: file, error: error)
            }
        }
        report.finish()
    }
}
