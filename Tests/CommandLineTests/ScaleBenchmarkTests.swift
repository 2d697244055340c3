import ChainmailTestSupport
import Foundation
import Testing

/// `make bench-scale` (Benchmarks/scale/run.sh): POST /v1/execute per second and p50/p99 of real
/// release-built `chainmail serve` processes: one on SQLite, and one, two and three sharing one
/// PostgreSQL database (scripts/peers/postgres.sh), in interleaved rounds. Each request is a
/// distinct account at nonce 0 with an EVM proof made beforehand (BenchmarkExecution); the
/// accounts are created in the store before the instances start. With several instances, one
/// wrk per instance runs at once, the connections split between them; the latencies of all the
/// requests are merged from wrk's histograms. After each round pgbench runs the same two
/// statements per execution on a database of its own with no chainmail process
/// (`DatabaseAloneRun`, BENCH_DATABASE_SECONDS long): PostgreSQL's own rate on this machine.
/// Reports the targets as met or not; fails only when a request was not answered with 2xx.
/// Skipped unless CHAINMAIL_BENCH_SCALE is set (to the executions per set-up and round).
@Suite("Scale benchmark", .enabled(if: ProcessInfo.processInfo.environment["CHAINMAIL_BENCH_SCALE"] != nil), .serialized)
struct ScaleBenchmarkTests {
    static let environment = ProcessInfo.processInfo.environment
    static let count = Int(environment["CHAINMAIL_BENCH_SCALE"] ?? "") ?? 3000
    static let rounds = Int(environment["BENCH_ROUNDS"] ?? "") ?? 5
    static let connections = Int(environment["BENCH_CONNECTIONS"] ?? "") ?? 12
    static let databaseSeconds = Int(environment["BENCH_DATABASE_SECONDS"] ?? "") ?? 5

    @Test("POST /v1/execute per second and p50/p99 on SQLite and on one, two and three serve processes sharing one PostgreSQL database")
    func executeAcrossInstances() async throws {
        let folder = try WorkFolder("chainmail-bench-scale")
        let directory = folder.url
        try await ChainmailExecutable.check(["init", "--data-dir", folder.path("keys")])
        let rootKeyFile = folder.path("keys/signer/root.key")
        let peer = try await PostgresPeer.shared()
        var setups = [ScaleBenchmarkSetup(name: "sqlite", store: .sqlite(dataDirectory: folder.path("sqlite")), instances: 1)]
        for instances in 1...3 {
            setups.append(ScaleBenchmarkSetup(name: "pg\(instances)", store: .postgres(try await peer.makeDatabase()), instances: instances))
        }

        print("bench-scale: preparing \(Self.rounds) rounds × \(Self.count) executions for each of \(setups.map(\.name))…")
        // bodyFiles[setup][round][instance]
        var bodyFiles: [[[URL]]] = []
        for setup in setups {
            var rounds: [[URL]] = []
            for round in 0..<Self.rounds {
                let executions = try BenchmarkExecution.make(prefix: "\(setup.name)-r\(round)", count: Self.count)
                try await setup.createAccounts(executions)
                rounds.append(
                    try (0..<setup.instances).map { instance in
                        let file = directory.appendingPathComponent("bodies-\(setup.name)-\(round)-\(instance).txt")
                        let lines = stride(from: instance, to: executions.count, by: setup.instances).map { executions[$0].body }
                        try Data(lines.joined(separator: "\n").utf8).write(to: file)
                        return file
                    }
                )
            }
            bodyFiles.append(rounds)
        }
        let alone = try await peer.makeDatabase()
        let aloneAccounts = try BenchmarkExecution.make(prefix: DatabaseAloneRun.accountPrefix, count: Self.count)
        try await ScaleBenchmarkSetup.createAccounts(aloneAccounts, in: alone)

        var runs = [[ScaleBenchmarkRun]](repeating: [], count: setups.count)
        var databaseRuns: [DatabaseAloneRun] = []
        for round in 0..<Self.rounds {
            for (index, setup) in setups.enumerated() {
                let run = try await Self.measure(
                    setup,
                    bodyFiles[index][round],
                    folder,
                    rootKeyFile: rootKeyFile,
                    warmUpAccount: "\(setup.name)-r\(round)-0"
                )
                print("bench-scale: round \(round + 1) \(setup.name): \(run)")
                #expect(run.requests == Self.count, "\(run)")
                for wrk in run.wrkRuns {
                    #expect(wrk.non2xx == 0 && wrk.socketErrors == 0, "\(wrk.summary)")
                }
                runs[index].append(run)
            }
            let databaseRun = try await DatabaseAloneRun.run(
                alone,
                of: peer,
                accounts: Self.count,
                clients: Self.connections,
                seconds: Self.databaseSeconds,
                folder: directory
            )
            print("bench-scale: round \(round + 1) PostgreSQL alone (pgbench): \(ScaleBenchmarkRun.grouped(databaseRun.rate))/s")
            databaseRuns.append(databaseRun)
        }
        ScaleBenchmarkReport(setups: setups, runs: runs, databaseRuns: databaseRuns, connections: Self.connections, count: Self.count).print()
    }

    /// Starts the set-up's instances, runs one wrk per instance at once, and stops them.
    static func measure(
        _ setup: ScaleBenchmarkSetup,
        _ files: [URL],
        _ folder: borrowing WorkFolder,
        rootKeyFile: String,
        warmUpAccount: String
    ) async throws -> ScaleBenchmarkRun {
        let shares = setup.connectionShares(of: connections)
        let instances = try await setup.start(folder, rootKeyFile: rootKeyFile, connections: shares, warmUpAccount: warmUpAccount)
        do {
            let wrkRuns = try await withThrowingTaskGroup(of: WrkExecuteRun.self) { group in
                for (index, instance) in instances.enumerated() {
                    let (file, share, base) = (files[index], shares[index], instance.api.base)
                    group.addTask { try await WrkExecuteRun.run(bodies: file, baseURL: base, connections: share, recordHistogram: true) }
                }
                var all: [WrkExecuteRun] = []
                for try await run in group { all.append(run) }
                return all
            }
            await ScaleBenchmarkSetup.stop(instances)
            return ScaleBenchmarkRun(wrkRuns)
        } catch {
            await ScaleBenchmarkSetup.stop(instances)
            throw error
        }
    }
}
