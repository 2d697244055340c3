import Testing

@testable import HTTPAPI

@Suite("token buckets: the arithmetic of the per-client limits, on given instants")
struct TokenBucketTests {
    @Test("a client spends its burst, then waits 1/rate for each token; another client has its own bucket")
    func burstThenRate() {
        let buckets = TokenBuckets(capacity: 2, refillPerSecond: 0.5)
        let start = ContinuousClock.now
        #expect(buckets.take("a", now: start) == nil)
        #expect(buckets.take("a", now: start) == nil)
        #expect(buckets.take("a", now: start) == .seconds(2))
        #expect(buckets.take("b", now: start) == nil)
        #expect(buckets.take("a", now: start + .seconds(1)) == .seconds(1))
        #expect(buckets.take("a", now: start + .seconds(2)) == nil)
        #expect(HTTPAPIError.retryAfterSeconds(.milliseconds(1500)) == 2)
        #expect(HTTPAPIError.retryAfterSeconds(.zero) == 1)
    }

    @Test("a refund gives back the token of a request that did not count")
    func refund() {
        let buckets = TokenBuckets(capacity: 1, refillPerSecond: 1.0 / 3600)
        let start = ContinuousClock.now
        #expect(buckets.take("a", now: start) == nil)
        buckets.refund("a")
        #expect(buckets.take("a", now: start) == nil)
        #expect(buckets.take("a", now: start) != nil)
    }

    @Test("IPv6 clients count per /64; IPv4 per address")
    func bucketKeys() {
        #expect(ClientAddress.bucketKey("2001:db8:1:2::1") == ClientAddress.bucketKey("2001:db8:1:2:ffff::9"))
        #expect(ClientAddress.bucketKey("2001:db8:1:2::1") != ClientAddress.bucketKey("2001:db8:1:3::1"))
        #expect(ClientAddress.bucketKey("192.0.2.1") == "192.0.2.1")
    }
}
