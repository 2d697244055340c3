/// One measurement of the run: `count` signatures with at most `concurrency` in flight at once.
struct SignerBenchmarkLevel: Sendable {
    var concurrency: Int
    var count: Int

    /// 16 one at a time, 64 eight at a time, 128 thirty-two at a time: about half a minute of
    /// signing with a 1 s MPC latency.
    static let defaults = [
        SignerBenchmarkLevel(concurrency: 1, count: 16),
        SignerBenchmarkLevel(concurrency: 8, count: 64),
        SignerBenchmarkLevel(concurrency: 32, count: 128),
    ]

    /// `CONCURRENCY:COUNT` arguments (the defaults when there are none); nil if one does not parse.
    /// The first level is the one-at-a-time reference for the queue column, so it must be 1:N.
    static func parse(_ arguments: [String]) -> [SignerBenchmarkLevel]? {
        guard !arguments.isEmpty else { return defaults }
        var levels: [SignerBenchmarkLevel] = []
        for argument in arguments {
            let parts = argument.split(separator: ":")
            guard parts.count == 2, let concurrency = Int(parts[0]), let count = Int(parts[1]), concurrency > 0, count > 0 else {
                return nil
            }
            levels.append(SignerBenchmarkLevel(concurrency: concurrency, count: count))
        }
        return levels.first?.concurrency == 1 ? levels : nil
    }
}
