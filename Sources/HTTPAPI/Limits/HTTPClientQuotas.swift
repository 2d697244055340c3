/// `http.limits`: how many transactions one client address may prepare (POST /v1/transactions)
/// and how many accounts it may create (POST /v1/accounts) in an hour, beyond the request rate.
/// Each is a token bucket of that size refilled over an hour; only requests the engine accepted
/// count. 0 turns a quota off.
public struct HTTPClientQuotas: Codable, Sendable, Hashable {
    public static let `default` = HTTPClientQuotas(preparedTransactionsPerClientPerHour: 600, accountsPerClientPerHour: 60)
    public static let disabled = HTTPClientQuotas(preparedTransactionsPerClientPerHour: 0, accountsPerClientPerHour: 0)

    public var preparedTransactionsPerClientPerHour: Int
    public var accountsPerClientPerHour: Int

    public init(preparedTransactionsPerClientPerHour: Int, accountsPerClientPerHour: Int) {
        self.preparedTransactionsPerClientPerHour = preparedTransactionsPerClientPerHour
        self.accountsPerClientPerHour = accountsPerClientPerHour
    }
}
