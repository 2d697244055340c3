/// How one query through libunbound ended.
enum UnboundOutcome: Sendable, Equatable {
    case answer(UnboundAnswer)
    /// No answer: `"timeout"`, `"cancelled"`, `"resolver shut down"` or libunbound's error text.
    case failure(String)

    /// The look-up result, and how long it may be cached (`nil`: not at all).
    func lookupResult(maximumTTL: Duration, maximumNegativeTTL: Duration) -> (TXTLookupResult, Duration?) {
        guard case .answer(let answer) = self else {
            if case .failure(let reason) = self { return (.temporaryFailure(reason), nil) }
            return (.temporaryFailure("no answer"), nil)
        }
        if answer.bogus {
            return (.temporaryFailure("dnssec bogus: \(answer.whyBogus ?? "validation failed")"), nil)
        }
        let dnssec: DNSSECStatus = answer.secure ? .secure : .insecure
        let ttl = Duration.seconds(max(0, Int(answer.ttl)))
        if !answer.rdata.isEmpty {
            var texts: [String] = []
            for rdata in answer.rdata {
                guard let text = TXTRecordData.joinedText(rdata) else {
                    return (.temporaryFailure("malformed TXT record data"), nil)
                }
                texts.append(text)
            }
            return (.records(texts, dnssec: dnssec), Self.cacheable(min(ttl, maximumTTL)))
        }
        let negativeTTL = Self.cacheable(min(ttl, maximumNegativeTTL))
        if answer.nxdomain || answer.rcode == 3 {
            return (.nxdomain(dnssec: dnssec), negativeTTL)
        }
        if answer.rcode == 0 {
            return (.noData(dnssec: dnssec), negativeTTL)
        }
        return (.temporaryFailure(Self.rcodeName(answer.rcode)), nil)
    }

    private static func cacheable(_ ttl: Duration) -> Duration? {
        ttl > .zero ? ttl : nil
    }

    private static func rcodeName(_ rcode: Int32) -> String {
        switch rcode {
        case 1: "FORMERR"
        case 2: "SERVFAIL"
        case 4: "NOTIMP"
        case 5: "REFUSED"
        default: "rcode \(rcode)"
        }
    }
}
