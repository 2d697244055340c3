/// How one query through libunbound ended.
enum UnboundOutcome: Sendable, Equatable {
    case answer(UnboundAnswer)
    /// No answer: a time-out, a cancelled task, a resolver shut down or a libunbound error.
    case failure(DNSLookupFailure)

    /// The look-up result, and how long it may be cached (`nil`: not at all).
    ///
    /// `serversSilent`: a query timed out since a server last answered. libunbound then marks
    /// the servers as down and, for a while, answers SERVFAIL at once without asking them, so a
    /// SERVFAIL is read as ``DNSLookupFailure/Cause/unreachable`` rather than as the server's.
    func lookupResult(maximumTTL: Duration, maximumNegativeTTL: Duration, serversSilent: Bool = false) -> (TXTLookupResult, Duration?) {
        let answer: UnboundAnswer
        switch self {
        case .failure(let failure): return (.temporaryFailure(failure), nil)
        case .answer(let given): answer = given
        }
        if answer.bogus {
            return (.temporaryFailure(DNSLookupFailure(.dnssecBogus, Self.bogusReason(answer.whyBogus))), nil)
        }
        let dnssec: DNSSECStatus = answer.secure ? .secure : .insecure
        let ttl = Duration.seconds(max(0, Int(answer.ttl)))
        if !answer.rdata.isEmpty {
            var texts: [String] = []
            for rdata in answer.rdata {
                guard let text = TXTRecordData.joinedText(rdata) else {
                    return (.temporaryFailure(DNSLookupFailure(.badAnswer, "malformed TXT record data")), nil)
                }
                texts.append(text)
            }
            return (.records(texts, dnssec: dnssec), Self.cacheable(min(ttl, maximumTTL)))
        }
        let negativeTTL = Self.cacheable(min(ttl, maximumNegativeTTL))
        if answer.nxdomain || answer.rcode == 3 {
            return (.nxdomain(dnssec: dnssec), negativeTTL)
        }
        switch answer.rcode {
        case 0: return (.noData(dnssec: dnssec), negativeTTL)
        case 2 where serversSilent:
            return (.temporaryFailure(DNSLookupFailure(.unreachable, "SERVFAIL without asking: the last query timed out")), nil)
        case 2: return (.temporaryFailure(DNSLookupFailure(.servfail, "SERVFAIL")), nil)
        case 5: return (.temporaryFailure(DNSLookupFailure(.servfail, "REFUSED")), nil)
        case 1: return (.temporaryFailure(DNSLookupFailure(.badAnswer, "FORMERR")), nil)
        case 4: return (.temporaryFailure(DNSLookupFailure(.badAnswer, "NOTIMP")), nil)
        default: return (.temporaryFailure(DNSLookupFailure(.badAnswer, "rcode \(answer.rcode)")), nil)
        }
    }

    /// Whether this outcome shows that a server answered (any rcode but SERVFAIL, which libunbound
    /// also makes up by itself when no server answers).
    var heardFromServer: Bool {
        guard case .answer(let answer) = self else { return false }
        return answer.rcode != 2 || answer.bogus
    }

    private static func cacheable(_ ttl: Duration) -> Duration? {
        ttl > .zero ? ttl : nil
    }

    /// unbound's reason without its `validation failure <name TXT IN>: ` preamble, which repeats the
    /// name the reason's sentence already gives.
    private static func bogusReason(_ whyBogus: String?) -> String {
        guard let whyBogus, !whyBogus.isEmpty else { return "validation failed" }
        if whyBogus.hasPrefix("validation failure <"), let end = whyBogus.range(of: ">: ") {
            return String(whyBogus[end.upperBound...])
        }
        return whyBogus
    }
}
