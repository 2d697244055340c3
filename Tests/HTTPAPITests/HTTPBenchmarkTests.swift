import AccountEngine
import ChainmailTestSupport
import Foundation
import HTTPAPI
import Testing

/// `make bench-http` (Benchmarks/http/run.sh): wrk against POST /v1/execute with a different
/// pre-made EVM proof per request, and the engine's own execute rate on the same kind of
/// proofs at the same concurrency, interleaved in rounds in one run. Skipped unless
/// CHAINMAIL_BENCH_HTTP is set (to the executions per round and side).
@Suite("HTTP benchmark", .enabled(if: ProcessInfo.processInfo.environment["CHAINMAIL_BENCH_HTTP"] != nil))
struct HTTPBenchmarkTests {
    static let environment = ProcessInfo.processInfo.environment
    static let count = Int(environment["CHAINMAIL_BENCH_HTTP"] ?? "") ?? 3000
    static let rounds = Int(environment["BENCH_ROUNDS"] ?? "") ?? 5
    static let connections = Int(environment["BENCH_CONNECTIONS"] ?? "") ?? 8
    static let wrkThreads = Int(environment["BENCH_WRK_THREADS"] ?? "") ?? 1

    struct Figures: CustomStringConvertible {
        let rate: Double
        let p50: Double
        let p99: Double
        var description: String { String(format: "%.0f/s p50 %.2f ms p99 %.2f ms", rate, p50, p99) }
    }

    @Test("POST /v1/execute over HTTP keeps within 25% of the engine's own rate (median of the rounds)")
    func executeOverHTTP() async throws {
        try await withLiveServer(settings: .testing(\.idleTimeoutSeconds, 120)) { server in
            print("bench-http: preparing \(Self.rounds) rounds × \(Self.count) executions per side…")
            var engineRounds: [[ExecuteArgs]] = []
            var bodyFiles: [URL] = []
            for round in 0..<Self.rounds {
                engineRounds.append(try await Self.prepare(prefix: "e\(round)", server: server).map(\.args))
                let http = try await Self.prepare(prefix: "h\(round)", server: server)
                let file = server.directory.appendingPathComponent("bodies-\(round).txt")
                try Data(http.map(\.body).joined(separator: "\n").utf8).write(to: file)
                bodyFiles.append(file)
            }

            var engine: [Figures] = []
            var http: [Figures] = []
            for round in 0..<Self.rounds {
                engine.append(try await Self.runEngine(engineRounds[round], engine: server.engine))
                http.append(try await Self.runWrk(bodyFiles[round], server: server))
                print(
                    "bench-http: round \(round + 1): engine \(engine.last!), HTTP \(http.last!), overhead "
                        + String(format: "%.1f%%", (1 - http.last!.rate / engine.last!.rate) * 100)
                )
            }
            let bestEngine = engine.max { $0.rate < $1.rate }!
            let bestHTTP = http.max { $0.rate < $1.rate }!
            let medianEngine = engine.map(\.rate).sorted()[engine.count / 2]
            let medianHTTP = http.map(\.rate).sorted()[http.count / 2]
            // Each round runs the engine and then HTTP back to back, so both see the same disk (every
            // commit waits for its fsync, whose latency drifts over a run): the overhead is taken
            // per round, and the median of the rounds is the figure.
            let roundOverheads = zip(engine, http).map { 1 - $1.rate / $0.rate }.sorted()
            let overhead = roundOverheads[roundOverheads.count / 2]
            print(
                String(
                    format:
                        "bench-http: RESULT connections=%d executions=%d×%d engine best %.0f/s median %.0f/s (p50 %.2f ms, p99 %.2f ms); HTTP best %.0f/s median %.0f/s (p50 %.2f ms, p99 %.2f ms); overhead %.1f%% (median of the rounds' own), %.1f%% (best against best), %.1f%% (median against median)",
                    Self.connections,
                    Self.rounds,
                    Self.count,
                    bestEngine.rate,
                    medianEngine,
                    bestEngine.p50,
                    bestEngine.p99,
                    bestHTTP.rate,
                    medianHTTP,
                    bestHTTP.p50,
                    bestHTTP.p99,
                    overhead * 100,
                    (1 - bestHTTP.rate / bestEngine.rate) * 100,
                    (1 - medianHTTP / medianEngine) * 100
                )
            )
            #expect(overhead < 0.25)
        }
    }

    /// Accounts `prefix-i`, each held by its own wallet, and one signed ExecuteArgs (nonce 0) per account.
    static func prepare(prefix: String, server: LiveServer) async throws -> [(args: ExecuteArgs, body: String)] {
        let executions = try BenchmarkExecution.make(prefix: prefix, count: count)
        for execution in executions {
            _ = try await server.engine.createAccount(id: execution.accountId, identity: execution.identity)
        }
        return executions.map { ($0.args, $0.body) }
    }

    /// `engine.execute` on pre-parsed ExecuteArgs, `connections` at a time, as many lanes as wrk has connections.
    static func runEngine(_ args: [ExecuteArgs], engine: AccountEngine) async throws -> Figures {
        let lanes = connections
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for lane in 0..<lanes {
                group.addTask {
                    var latencies: [Double] = []
                    for index in stride(from: lane, to: args.count, by: lanes) {
                        let began = ContinuousClock.now
                        _ = try await engine.execute(args[index])
                        latencies.append(Self.milliseconds(ContinuousClock.now - began))
                    }
                    return latencies
                }
            }
            var all: [Double] = []
            for try await lane in group { all += lane }
            return all.sorted()
        }
        let seconds = milliseconds(ContinuousClock.now - start) / 1000
        return Figures(rate: Double(args.count) / seconds, p50: latencies[latencies.count / 2], p99: latencies[latencies.count * 99 / 100])
    }

    static func runWrk(_ bodies: URL, server: LiveServer) async throws -> Figures {
        let run = try await WrkExecuteRun.run(bodies: bodies, baseURL: server.baseURL, connections: connections, threads: wrkThreads)
        #expect(run.non2xx == 0, "\(run.summary)")
        #expect(run.socketErrors == 0, "\(run.summary)")
        #expect(run.requests == count, "\(run.summary)")
        return Figures(rate: run.rate, p50: run.p50, p99: run.p99)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
