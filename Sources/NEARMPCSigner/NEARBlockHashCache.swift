import NEARClient

/// A recent final block for transactions to name, read again after `lifetime`.
///
/// A NEAR transaction stays valid for a day of blocks after the block it names (testnet and
/// mainnet `transaction_validity_period`), so a hash a few seconds old is as good as a new one and
/// saves a `block` call per signature.
actor NEARBlockHashCache {
    private let lifetime: Duration
    private let fetch: @Sendable () async throws -> NEARBlock
    private var cached: (block: NEARBlock, at: ContinuousClock.Instant)?

    init(lifetime: Duration = .seconds(5), fetch: @escaping @Sendable () async throws -> NEARBlock) {
        self.lifetime = lifetime
        self.fetch = fetch
    }

    /// The cached block, or a new one when it is older than `lifetime`.
    func current() async throws -> NEARBlock {
        let now = ContinuousClock.now
        if let cached, now - cached.at < lifetime { return cached.block }
        let block = try await fetch()
        cached = (block, now)
        return block
    }

    /// Forgets the cached block (after an `Expired` refusal).
    func invalidate() {
        cached = nil
    }
}
