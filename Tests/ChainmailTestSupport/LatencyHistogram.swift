/// Latencies as wrk records them, microseconds to the number of requests that took them, so that
/// the histograms of several wrk processes merge into the distribution of all their requests.
public struct LatencyHistogram: Sendable {
    public private(set) var counts: [Int: Int] = [:]

    public init() {}

    /// Lines of "microseconds count", as Benchmarks/http/execute.lua writes them.
    public init(text: String) {
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let microseconds = Int(fields[0]), let count = Int(fields[1]) else { continue }
            counts[microseconds, default: 0] += count
        }
    }

    public var total: Int { counts.values.reduce(0, +) }

    public mutating func add(_ other: LatencyHistogram) {
        counts.merge(other.counts, uniquingKeysWith: +)
    }

    /// The smallest latency, in milliseconds, that `percent` % of the requests did not exceed.
    public func percentile(_ percent: Double) -> Double {
        let rank = max(1, Int((percent / 100 * Double(total)).rounded(.up)))
        var seen = 0
        for (microseconds, count) in counts.sorted(by: { $0.key < $1.key }) {
            seen += count
            if seen >= rank { return Double(microseconds) / 1000 }
        }
        return .nan
    }
}
