import Testing

@testable import DKIMVerifier

/// How libunbound's answers become look-up results with a named cause.
@Suite("libunbound outcomes and their causes")
struct UnboundOutcomeTests {
    static func answer(rcode: Int32, bogus: Bool = false, whyBogus: String? = nil) -> UnboundOutcome {
        .answer(UnboundAnswer(rcode: rcode, rdata: [], nxdomain: rcode == 3, secure: false, bogus: bogus, whyBogus: whyBogus, ttl: 30))
    }

    static func result(_ outcome: UnboundOutcome, serversSilent: Bool = false) -> TXTLookupResult {
        outcome.lookupResult(maximumTTL: .seconds(3600), maximumNegativeTTL: .seconds(60), serversSilent: serversSilent).0
    }

    @Test("each rcode and a bogus answer get their cause")
    func causes() {
        #expect(Self.result(Self.answer(rcode: 2)) == .temporaryFailure(DNSLookupFailure(.servfail, "SERVFAIL")))
        #expect(Self.result(Self.answer(rcode: 5)) == .temporaryFailure(DNSLookupFailure(.servfail, "REFUSED")))
        #expect(Self.result(Self.answer(rcode: 4)) == .temporaryFailure(DNSLookupFailure(.badAnswer, "NOTIMP")))
        #expect(Self.result(Self.answer(rcode: 3)) == .nxdomain(dnssec: .insecure))
        #expect(Self.result(Self.answer(rcode: 0)) == .noData(dnssec: .insecure))
        let bogus = Self.answer(
            rcode: 0,
            bogus: true,
            whyBogus: "validation failure <s1._domainkey.example.com. TXT IN>: no DS for example.com. while building chain of trust"
        )
        #expect(Self.result(bogus) == .temporaryFailure(DNSLookupFailure(.dnssecBogus, "no DS for example.com. while building chain of trust")))
        #expect(Self.result(Self.answer(rcode: 2, bogus: true)) == .temporaryFailure(DNSLookupFailure(.dnssecBogus, "validation failed")))
    }

    @Test("a SERVFAIL while the servers are silent is named unreachable: libunbound made it up without asking")
    func servfailAfterTimeoutIsUnreachable() {
        #expect(Self.result(Self.answer(rcode: 2), serversSilent: true).failureCause == .unreachable)
        let silence = ServerSilence()
        #expect(!silence.record(Self.answer(rcode: 2)))
        #expect(silence.record(.failure(DNSLookupFailure(.timeout, "no answer within 1 s"))))
        #expect(silence.record(Self.answer(rcode: 2)))
        #expect(silence.record(.failure(DNSLookupFailure(.cancelled, "the task that asked was cancelled"))))
        // Any answer a server must have sent ends the silence.
        #expect(!silence.record(Self.answer(rcode: 3)))
        #expect(!silence.record(Self.answer(rcode: 2)))
    }

    @Test("the reason sentence names the cause and, for bogus answers, the setting to look at")
    func sentences() {
        let bogus = DNSLookupFailure(.dnssecBogus, "no DS for example.com.")
        #expect(
            "\(bogus)".hasPrefix(
                "DNSSEC validation failed (bogus): no DS for example.com.; a zone without DNSSEC served by a local or split-horizon resolver needs dns.trustAnchorFile: none"
            )
        )
        #expect("\(DNSLookupFailure(.timeout, "no answer within 5 s"))".hasPrefix("no DNS server answered in time (no answer within 5 s)"))
        #expect(
            Set(DNSLookupFailure.Cause.allCases.map(\.rawValue)) == [
                "dnssec_bogus", "servfail", "timeout", "unreachable", "bad_answer", "cancelled", "resolver_error",
            ]
        )
    }
}
