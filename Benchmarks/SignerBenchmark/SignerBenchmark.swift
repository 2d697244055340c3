import AsyncHTTPClient
import ChainmailTestSupport
import Logging
import NEARMPCSigner

/// Starts the stand-in with a simulated 1 s finality, signs every level through one
/// `NEARMPCSigner`, checks each level's signatures and prints the figures.
enum SignerBenchmark {
    /// What the stand-in simulates: a block a second (`block_time`: the heights and hashes the
    /// transactions name), and the MPC's answer 1 s after a `sign` transaction is accepted
    /// (`sign_latency`: the outcome that `EXPERIMENTAL_tx_status` waits for). `polling_timeout` is
    /// nearcore's 10 s, so one status poll waits for the outcome instead of timing out before it.
    static let standInSettings: [String: any Sendable] = ["block_time": 1.0, "sign_latency": 1.0, "polling_timeout": 10.0]

    /// Whether every level's checks passed.
    static func run(levels: [SignerBenchmarkLevel]) async throws -> Bool {
        // Each request in flight holds a connection while its status poll waits: a pool wider than
        // the widest level, as docs/near-mpc.md advises (HTTPClient.shared keeps 8 per host).
        let widest = levels.map(\.concurrency).max() ?? 1
        let httpClient = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(
                connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: Swift.max(64, 2 * widest))
            )
        )
        var logger = Logger(label: "signer-bench")
        logger.logLevel = .warning
        let results: [SignerLevelResult]
        do {
            results = try await MPCStandIn.with(standInSettings) { standIn in
                let signer = NEARMPCSigner(configuration: try standIn.configuration(), httpClient: httpClient, logger: logger)
                try await signer.start()
                // One signature first, uncounted: the first request's connections and block hash.
                _ = try await signer.sign(payload: ConcurrentSigning.payload(), derivationPath: "bench,warm-up")
                var results: [SignerLevelResult] = []
                for level in levels {
                    print("signer-bench: \(level.count) signatures, \(level.concurrency) at a time…")
                    try await standIn.peer.control(["reset_stats": true])
                    let signing = ConcurrentSigning(signer: signer, level: level, pathPrefix: "bench,c\(level.concurrency)")
                    let (signed, elapsed) = try await signing.run()
                    let check = try await StandInCheck.of(signed, standIn: standIn)
                    results.append(SignerLevelResult(level: level, latencies: signed.map(\.latency), elapsed: elapsed, check: check))
                }
                return results
            }
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
        let report = SignerBenchmarkReport(results: results, settings: standInSettings)
        report.printTable()
        report.printJSONLine()
        return report.allPassed
    }
}
