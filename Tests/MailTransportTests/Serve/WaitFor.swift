import ChainmailTestSupport

/// Polls `condition` until it gives a value, or fails after `seconds`.
func waitFor<T>(seconds: Int, _ condition: () async throws -> T?) async throws -> T {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if let value = try await condition() { return value }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw PeerProcess.Failure(description: "timed out after \(seconds) s")
}
