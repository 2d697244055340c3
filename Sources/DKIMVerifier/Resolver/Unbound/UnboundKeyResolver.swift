import Foundation

/// Looks DKIM key records up in the DNS through libunbound, a validating resolver.
///
/// Answers are cached in front of libunbound for their TTL (negative ones for a short, bounded
/// time), so repeated look-ups of one selector return at once, without leaving the calling task.
/// Queries run on a thread of the resolver's own, never on the Swift cooperative pool, and each
/// is abandoned after ``Configuration/queryTimeout`` with a `.temporaryFailure` whose cause is `timeout`.
///
/// Outcomes:
/// - TXT records: `.records`, one string per record, its character-strings joined without
///   separators (RFC 6376 section 3.6.2.2), decoded as UTF-8 (invalid bytes replaced).
/// - NXDOMAIN: `.nxdomain`; NOERROR without TXT: `.noData`.
/// - SERVFAIL, REFUSED, other rcodes, time-outs and resolver errors: `.temporaryFailure`, with a
///   ``DNSLookupFailure`` that names the cause. After a time-out libunbound marks the servers as
///   down and answers SERVFAIL by itself for a while: until a server answers again, a SERVFAIL
///   is reported as `unreachable`, not as the server's `servfail`.
/// - DNSSEC: `.secure` when libunbound validated the answer from a trust anchor, else
///   `.insecure`. A *bogus* answer is a `.temporaryFailure` whose cause is `dnssec_bogus`, with
///   unbound's reason (`why_bogus`): its data may be
///   forged, so it must never verify a signature; and a broken chain of trust (expired
///   signatures, a botched key roll) is usually fixed soon, so a retry may succeed: RFC 6376
///   section 6.1.2's TEMPFAIL "key unavailable", RFC 8601's `temperror`. unbound's own server
///   answers SERVFAIL for the same reason. So this resolver never returns `DNSSECStatus.bogus`.
/// - A name that is not a valid DNS name (longer than 253 octets, a label empty or longer than 63,
///   a byte outside printable ASCII, or a backslash, which libunbound would read as an escape)
///   is answered `.nxdomain(dnssec: .unknown)` without a query: no key record can exist under
///   it, so RFC 6376 section 6.1.2's PERMFAIL "no key for signature" is the right verdict.
///
/// Temporary failure causes: ``DNSLookupFailure/Cause``.
public final class UnboundKeyResolver: KeyResolver {
    private let configuration: Configuration
    private let loop: UnboundQueryLoop
    private let cache: TXTAnswerCache
    private let silence = ServerSilence()

    /// Creates the libunbound context and the thread that serves it.
    ///
    /// - Throws: ``UnboundResolverError`` when the configuration is unusable (a forwarder that is
    ///   not an IP address, an unreadable trust anchor file, a non-positive time-out).
    public init(configuration: Configuration = Configuration()) throws(UnboundResolverError) {
        try configuration.validate()
        self.configuration = configuration
        self.loop = try UnboundQueryLoop(context: UnboundContext(configuration: configuration))
        self.cache = TXTAnswerCache(capacity: configuration.cacheCapacity)
    }

    deinit {
        loop.stop()
    }

    /// The TXT records of `name` (`<selector>._domainkey.<domain>`, a final dot optional).
    /// Never throws and never takes much longer than ``Configuration/queryTimeout``.
    public func lookupTXT(_ name: String) async -> TXTLookupResult {
        guard let queryName = DNSQueryName(name) else {
            return .nxdomain(dnssec: .unknown)
        }
        let now = ContinuousClock.now
        if let cached = cache.answer(for: queryName.key, at: now) {
            return cached
        }
        if Task.isCancelled {
            return .temporaryFailure(DNSLookupFailure(.cancelled, "the task that asked was cancelled"))
        }
        let outcome = await loop.resolveTXT(queryName.text, timeout: configuration.queryTimeout)
        let serversSilent = silence.record(outcome)
        let (result, ttl) = outcome.lookupResult(
            maximumTTL: configuration.maximumCacheTTL,
            maximumNegativeTTL: configuration.maximumNegativeCacheTTL,
            serversSilent: serversSilent
        )
        if let ttl {
            cache.store(result, for: queryName.key, expiresAt: ContinuousClock.now.advanced(by: ttl))
        }
        return result
    }

    /// Counters for tests and metrics.
    package var statistics: UnboundResolverStatistics {
        UnboundResolverStatistics(cacheHits: cache.hits, queriesSent: loop.queriesStarted, cachedAnswers: cache.count)
    }
}
