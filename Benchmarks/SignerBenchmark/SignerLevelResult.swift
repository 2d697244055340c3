/// The figures of one level: rate, latency percentiles, and the time a queue would have taken.
struct SignerLevelResult: Sendable {
    var level: SignerBenchmarkLevel
    /// Each request's latency in seconds, sorted.
    var latencies: [Double]
    /// Wall-clock seconds from the first request to the last answer.
    var seconds: Double
    var check: StandInCheck

    init(level: SignerBenchmarkLevel, latencies: [Duration], elapsed: Duration, check: StandInCheck) {
        self.level = level
        self.latencies = latencies.map(Self.seconds).sorted()
        self.seconds = Self.seconds(elapsed)
        self.check = check
    }

    var perSecond: Double { Double(level.count) / seconds }
    var mean: Double { latencies.reduce(0, +) / Double(latencies.count) }
    var p50: Double { percentile(0.50) }
    var p95: Double { percentile(0.95) }
    var max: Double { latencies.last ?? 0 }

    /// The nearest-rank percentile.
    func percentile(_ fraction: Double) -> Double {
        let rank = Int((fraction * Double(latencies.count)).rounded(.up))
        return latencies[Swift.max(0, Swift.min(latencies.count, rank) - 1)]
    }

    /// What the level's signatures would take one after another: count × the single-request
    /// latency (the mean latency of the one-at-a-time level).
    func queueSeconds(singleRequest: Double) -> Double { Double(level.count) * singleRequest }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
