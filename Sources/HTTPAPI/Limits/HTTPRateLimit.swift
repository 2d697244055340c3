/// `http.rateLimit`: a token bucket per client address over every POST route. A client may send
/// `burst` requests at once, then `requestsPerMinute` a minute; beyond that it is answered 429
/// `rate_limited` with `Retry-After`. `requestsPerMinute: 0` turns the limit off.
public struct HTTPRateLimit: Codable, Sendable, Hashable {
    public static let `default` = HTTPRateLimit(requestsPerMinute: 120, burst: 30)
    public static let disabled = HTTPRateLimit(requestsPerMinute: 0, burst: 0)

    public var requestsPerMinute: Int
    public var burst: Int

    public init(requestsPerMinute: Int, burst: Int) {
        self.requestsPerMinute = requestsPerMinute
        self.burst = burst
    }

    public var isEnabled: Bool { requestsPerMinute > 0 }
}
