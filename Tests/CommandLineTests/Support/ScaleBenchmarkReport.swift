import ChainmailTestSupport
import Foundation

/// The figures of `make bench-scale`: a line per round, the set-ups side by side, then a line per
/// set-up over all rounds, and the targets met or not.
struct ScaleBenchmarkReport {
    let setups: [ScaleBenchmarkSetup]
    /// runs[setup][round]
    let runs: [[ScaleBenchmarkRun]]
    /// pgbench after each round: PostgreSQL alone with the read and the commit of each execution.
    let databaseRuns: [DatabaseAloneRun]
    let connections: Int
    let count: Int

    func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    func medianRate(_ setup: Int) -> Double { median(runs[setup].map(\.rate)) }

    func print() {
        let names = setups.map { setup in
            let shares = setup.connectionShares(of: connections).map(String.init).joined(separator: "+")
            return "\(setup.name) (\(setup.instances) × serve, \(shares) conn.)"
        }
        emit("")
        emit("| round | " + names.joined(separator: " | ") + " |")
        emit("|---|" + String(repeating: "---:|", count: setups.count))
        for round in runs[0].indices {
            emit("| \(round + 1) | " + runs.map { $0[round].cell }.joined(separator: " | ") + " |")
        }
        emit("")
        emit("| set-up | median rate | best | worst | p50 (all rounds) | p99 (all rounds) | median / SQLite's |")
        emit("|---|---:|---:|---:|---:|---:|---:|")
        let sqlite = medianRate(0)
        for index in setups.indices {
            var all = LatencyHistogram()
            for run in runs[index] { all.add(run.latencies) }
            let rates = runs[index].map(\.rate)
            emit(
                "| \(names[index]) | \(ScaleBenchmarkRun.grouped(medianRate(index)))/s | \(ScaleBenchmarkRun.grouped(rates.max()!))/s | "
                    + "\(ScaleBenchmarkRun.grouped(rates.min()!))/s | "
                    + String(format: "%.2f ms | %.2f ms | %.2f |", all.percentile(50), all.percentile(99), medianRate(index) / sqlite)
            )
        }
        emit("")
        if let one = setups.firstIndex(where: { $0.name == "pg1" }), let three = setups.firstIndex(where: { $0.name == "pg3" }) {
            let onePG = medianRate(one) / sqlite
            let perRoundOne = zip(runs[one], runs[0]).map { String(format: "%.2f", $0.rate / $1.rate) }
            emit(
                String(format: "TARGET one PostgreSQL instance ≥ 0.7 × SQLite's rate: %.2f (medians of the rounds) ", onePG)
                    + "[rounds: \(perRoundOne.joined(separator: ", "))]: " + (onePG >= 0.7 ? "met" : "not met")
            )
            let threeOverOne = medianRate(three) / medianRate(one)
            let perRoundThree = zip(runs[three], runs[one]).map { String(format: "%.2f", $0.rate / $1.rate) }
            emit(
                String(format: "TARGET three instances no slower than one: %.2f × (medians of the rounds) ", threeOverOne)
                    + "[rounds: \(perRoundThree.joined(separator: ", "))]: " + (threeOverOne >= 1 ? "met" : "not met")
            )
            printDatabaseShare(sqlite: sqlite, pg1: medianRate(one))
        }
        emit("RESULT executions=\(runs[0].count)×\(count) per set-up, connections=\(connections) in all")
    }

    /// PostgreSQL's rate alone, and what it leaves the rest: with the cores busy throughout, a
    /// set-up's CPU per execution is the cores over its rate.
    private func printDatabaseShare(sqlite: Double, pg1: Double) {
        guard !databaseRuns.isEmpty else { return }
        let database = median(databaseRuns.map(\.rate))
        let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
        func milliseconds(_ rate: Double) -> Double { cores * 1000 / rate }
        emit(
            "DATABASE PostgreSQL alone (pgbench, the read and the commit of each execution, \(connections) clients): "
                + "\(ScaleBenchmarkRun.grouped(database))/s (median) [rounds: "
                + databaseRuns.map { "\(ScaleBenchmarkRun.grouped($0.rate))/s" }.joined(separator: ", ") + "]"
        )
        emit(
            String(
                format: "DATABASE CPU per execution on the %.0f cores: PostgreSQL alone %.2f ms, the SQLite set-up %.2f ms, pg1 %.2f ms "
                    + "(so %.2f ms besides the database); 0.7 × SQLite's rate would leave %.2f ms besides the database",
                cores,
                milliseconds(database),
                milliseconds(sqlite),
                milliseconds(pg1),
                milliseconds(pg1) - milliseconds(database),
                milliseconds(0.7 * sqlite) - milliseconds(database)
            )
        )
    }

    private func emit(_ line: String) {
        Swift.print("bench-scale: " + line)
    }
}
