import AccountEngine
import ChainmailTestSupport
import Foundation
import PostgresStore

/// One of the set-ups `make bench-scale` compares: `instances` release-built `chainmail serve`
/// processes on one store, SQLite (one instance, its data directory) or one PostgreSQL database.
struct ScaleBenchmarkSetup: Sendable {
    enum Store: Sendable {
        case sqlite(dataDirectory: String)
        case postgres(PostgresPeer.Database)
    }

    let name: String
    let store: Store
    let instances: Int

    /// The HTTP settings of every instance: the benchmark is one client sending many requests.
    static let httpSettings = [
        "rateLimit:", "  requestsPerMinute: 0", "  burst: 30",
        "limits:", "  preparedTransactionsPerClientPerHour: 0", "  accountsPerClientPerHour: 0",
    ]

    /// Creates the executions' accounts in the store, before any instance runs (on SQLite, serve
    /// holds its data directory's lock while it runs).
    func createAccounts(_ executions: [BenchmarkExecution]) async throws {
        switch store {
        case .sqlite(let dataDirectory):
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            let sqlite = try SQLiteAccountStore(path: (dataDirectory as NSString).appendingPathComponent("accounts.sqlite"))
            for execution in executions {
                _ = try await sqlite.createAccount(id: execution.accountId, identity: execution.identity)
            }
        case .postgres(let database):
            try await Self.createAccounts(executions, in: database)
        }
    }

    /// Creates the executions' accounts in a PostgreSQL database, eight at a time.
    static func createAccounts(_ executions: [BenchmarkExecution], in database: PostgresPeer.Database) async throws {
        let postgres = try await PostgresAccountStore(configuration: try database.storeConfiguration(poolSize: 8, timeout: .seconds(30)))
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for lane in 0..<8 {
                    group.addTask {
                        for index in stride(from: lane, to: executions.count, by: 8) {
                            _ = try await postgres.createAccount(id: executions[index].accountId, identity: executions[index].identity)
                        }
                    }
                }
                try await group.waitForAll()
            }
        } catch {
            await postgres.close()
            throw error
        }
        await postgres.close()
    }

    /// Starts the instances, their data directories `NAME-i` in `folder`, each with a PostgreSQL
    /// pool of its share of the connections; answers once each listens and has answered a GET of
    /// an account on `warmUpConnections` connections at once (so the pool is open).
    func start(
        _ folder: borrowing WorkFolder,
        rootKeyFile: String,
        connections: [Int],
        warmUpAccount: String
    ) async throws -> [ServePostgresStoreTests.Instance] {
        var started: [ServePostgresStoreTests.Instance] = []
        do {
            for index in 0..<instances {
                let dataName: String
                let storeSection: String?
                switch store {
                case .sqlite(let dataDirectory):
                    dataName = (dataDirectory as NSString).lastPathComponent
                    storeSection = nil
                case .postgres(let database):
                    dataName = "\(name)-\(index)"
                    storeSection = ServePostgresStoreTests.postgresStore(database, poolSize: connections[index])
                }
                started.append(
                    try await ServePostgresStoreTests.Instance.start(
                        folder,
                        dataName,
                        store: storeSection,
                        rootKeyFile: rootKeyFile,
                        http: Self.httpSettings
                    )
                )
            }
            for (instance, count) in zip(started, connections) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<count {
                        group.addTask {
                            let read = try await instance.api.send("GET", "/v1/accounts/\(warmUpAccount)")
                            guard read.status == 200 else { throw PeerProcess.Failure(description: "warm-up GET answered \(read.status)") }
                        }
                    }
                    try await group.waitForAll()
                }
            }
        } catch {
            await Self.stop(started)
            throw error
        }
        return started
    }

    /// SIGTERM to each, and waits for them to end.
    static func stop(_ instances: [ServePostgresStoreTests.Instance]) async {
        for instance in instances {
            _ = try? await ProcessRunner.onBlockingThread { instance.process.stop(grace: .seconds(30)) }
        }
    }

    /// `total` wrk connections split as evenly as the instances allow.
    func connectionShares(of total: Int) -> [Int] {
        (0..<instances).map { total / instances + ($0 < total % instances ? 1 : 0) }
    }
}
