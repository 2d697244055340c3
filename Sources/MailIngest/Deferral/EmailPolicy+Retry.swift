extension EmailPolicy {
    /// Seconds to wait after a message was left for later `attempts` times: `retryFirstSeconds`,
    /// doubled for each further attempt, at most `retryMaximumSeconds`.
    public func retryDelay(afterAttempts attempts: Int) -> Int64 {
        let first = max(1, retryFirstSeconds)
        let ceiling = max(first, retryMaximumSeconds)
        var delay = first
        for _ in 1..<max(1, attempts) {
            guard delay < ceiling else { break }
            delay *= 2
        }
        return min(delay, ceiling)
    }
}
