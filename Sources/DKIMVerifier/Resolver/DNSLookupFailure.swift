/// Why a key look-up got no usable answer this time: a stable ``Cause`` for programs and logs, and
/// the resolver's own words (`detail`) for people. Every cause is temporary: the verifier answers
/// `temperror` (`key_lookup_failed`), and a later look-up may succeed.
public struct DNSLookupFailure: Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in a word that does not change between releases (docs/dns.md lists them).
    public enum Cause: String, Sendable, Hashable, CaseIterable, Codable {
        /// The answer failed DNSSEC validation: forged, or a chain of trust that cannot be built
        /// (a zone without DNSSEC served by a local or split-horizon resolver, a resolver that
        /// strips DNSSEC records, an expired signature, a botched key roll).
        case dnssecBogus = "dnssec_bogus"
        /// The server answered SERVFAIL (it could not resolve the name itself) or REFUSED (it does
        /// not serve this client or this name): libunbound reports both as SERVFAIL.
        case servfail
        /// No server answered the query in time.
        case timeout
        /// No server can be reached: libunbound, after queries that went unanswered, stops asking
        /// the servers for a while and answers at once.
        case unreachable
        /// The server answered with another error code (FORMERR, NOTIMP, …) or with a TXT record
        /// whose data is malformed.
        case badAnswer = "bad_answer"
        /// The look-up was abandoned because the task that asked was cancelled (shutdown).
        case cancelled
        /// The resolver itself failed (libunbound error, resolver shut down).
        case resolverError = "resolver_error"
    }

    public let cause: Cause
    /// The resolver's own words: unbound's reason for a bogus answer, an rcode name, an error text.
    public let detail: String

    public init(_ cause: Cause, _ detail: String) {
        self.cause = cause
        self.detail = detail
    }

    /// One sentence for the log and the verifier's reason: what happened, the resolver's words,
    /// and for the causes an operator can fix, what to look at (docs/dns.md says more).
    public var description: String {
        switch cause {
        case .dnssecBogus:
            "DNSSEC validation failed (bogus): \(detail); a zone without DNSSEC served by a local or split-horizon"
                + " resolver needs dns.trustAnchorFile: none, or dns.servers pointing at a validating resolver that"
                + " passes DNSSEC records through"
        case .servfail:
            "the DNS server answered SERVFAIL (\(detail)): it could not resolve the name, or refused to; check the"
                + " server's log, and that it serves this host and this name"
        case .timeout:
            "no DNS server answered in time (\(detail)): check that dns.servers are running and reachable"
        case .unreachable:
            "no DNS server can be reached (\(detail)): check that dns.servers are running and reachable"
        case .badAnswer:
            "the DNS server gave an unusable answer (\(detail))"
        case .cancelled:
            "the look-up was cancelled (\(detail))"
        case .resolverError:
            "the resolver failed (\(detail))"
        }
    }
}
