/// The per-client limits of one server, from its settings: the request rate of the POST routes
/// and the hourly quotas of prepared transactions and created accounts. A limit turned off has
/// no buckets.
struct ClientLimits: Sendable {
    private let requests: TokenBuckets?
    private let preparedTransactions: TokenBuckets?
    private let accounts: TokenBuckets?

    init(settings: HTTPAPISettings) {
        let rate = settings.rateLimit
        requests =
            rate.isEnabled ? TokenBuckets(capacity: max(1, rate.burst), refillPerSecond: Double(rate.requestsPerMinute) / 60) : nil
        preparedTransactions = Self.hourly(settings.limits.preparedTransactionsPerClientPerHour)
        accounts = Self.hourly(settings.limits.accountsPerClientPerHour)
    }

    /// Counts one POST request of `client`; throws 429 `rate_limited` when over the rate.
    func admitRequest(from client: ClientAddress) throws(HTTPAPIError) {
        if let wait = requests?.take(client.key) { throw .rateLimited(retryAfter: wait) }
    }

    /// Runs `body` (which prepares a transaction) within `client`'s hourly quota; a refused
    /// preparation does not count.
    func preparingTransaction<T>(
        for client: ClientAddress,
        _ body: () async throws(HTTPAPIError) -> T
    ) async throws(HTTPAPIError) -> T {
        try await counted(in: preparedTransactions, client, refusal: HTTPAPIError.tooManyPreparedTransactions, body)
    }

    /// Runs `body` (which creates an account) within `client`'s hourly quota; a refused creation
    /// does not count.
    func creatingAccount<T>(for client: ClientAddress, _ body: () async throws(HTTPAPIError) -> T) async throws(HTTPAPIError) -> T {
        try await counted(in: accounts, client, refusal: HTTPAPIError.tooManyAccountsCreated, body)
    }

    private func counted<T>(
        in buckets: TokenBuckets?,
        _ client: ClientAddress,
        refusal: (Duration) -> HTTPAPIError,
        _ body: () async throws(HTTPAPIError) -> T
    ) async throws(HTTPAPIError) -> T {
        guard let buckets else { return try await body() }
        if let wait = buckets.take(client.key) { throw refusal(wait) }
        do {
            return try await body()
        } catch {
            buckets.refund(client.key)
            throw error
        }
    }

    private static func hourly(_ perHour: Int) -> TokenBuckets? {
        perHour > 0 ? TokenBuckets(capacity: perHour, refillPerSecond: Double(perHour) / 3600) : nil
    }
}
