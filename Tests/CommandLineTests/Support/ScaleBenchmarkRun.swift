import ChainmailTestSupport
import Foundation

/// One set-up's measurement in one round: a wrk per instance, all at once, each sending its own
/// share of the round's bodies over its share of the connections.
struct ScaleBenchmarkRun: Sendable, CustomStringConvertible {
    let wrkRuns: [WrkExecuteRun]
    /// wrk's latency histograms merged: every answer (the few health checks included), and the
    /// entries wrk adds after its run for coordinated omission (its own p50 and p99 include them).
    let latencies: LatencyHistogram

    init(_ wrkRuns: [WrkExecuteRun]) {
        self.wrkRuns = wrkRuns
        var latencies = LatencyHistogram()
        for run in wrkRuns { latencies.add(run.histogram ?? LatencyHistogram()) }
        self.latencies = latencies
    }

    var requests: Int { wrkRuns.map(\.requests).reduce(0, +) }
    /// The longest wrk's duration: the wrks start together, so this spans the whole load.
    var seconds: Double { wrkRuns.map(\.seconds).max() ?? .nan }
    /// Executions per second: every wrk's executions over the longest wrk's duration (at most
    /// the sum of the wrks' own rates).
    var rate: Double { Double(requests) / seconds }
    var sumOfRates: Double { wrkRuns.map(\.rate).reduce(0, +) }
    var p50: Double { latencies.percentile(50) }
    var p99: Double { latencies.percentile(99) }

    var description: String {
        String(format: "%.0f/s (sum of the wrks' rates %.0f/s) p50 %.2f ms p99 %.2f ms over %.2f s", rate, sumOfRates, p50, p99, seconds)
            + " histogram entries \(latencies.total)"
            + " [" + wrkRuns.map(\.summary).joined(separator: " ") + "]"
    }

    /// The table cell: rate, p50 / p99.
    var cell: String { "\(Self.grouped(rate))/s, " + String(format: "%.2f / %.2f ms", p50, p99) }

    /// 12345.6 as "12,346".
    static func grouped(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var text = ""
        for (offset, digit) in digits.reversed().enumerated() {
            if offset > 0 && offset % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return String(text.reversed())
    }
}
