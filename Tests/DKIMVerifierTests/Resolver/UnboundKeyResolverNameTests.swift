import DKIMVerifier
import Foundation
import Testing

@Suite("UnboundKeyResolver refuses names that cannot exist in the DNS")
struct UnboundKeyResolverNameTests {
    static let invalidNames: [String] = [
        "",
        ".",
        "sel..chainmail.example",
        ".sel._domainkey.chainmail.example",
        String(repeating: "a", count: 64) + "._domainkey.chainmail.example",
        (0..<64).map { _ in "abc" }.joined(separator: "."),  // 255 octets
        "sel\u{0}._domainkey.chainmail.example",
        "sel\n._domainkey.chainmail.example",
        "sel ._domainkey.chainmail.example",
        "sel\\046evil._domainkey.chainmail.example",
        "sél._domainkey.chainmail.example",
        "sel._domainkey.chainmail.example\u{7F}",
    ]

    @Test("answers an invalid name NXDOMAIN at once, without a query", arguments: invalidNames)
    func refusesInvalidName(_ name: String) async throws {
        // A forwarder nobody listens on: a query would end in a time-out, not in NXDOMAIN.
        let resolver = try UnboundKeyResolver(
            configuration: .init(forwarders: ["127.0.0.1@9"], trustAnchorFile: nil, queryTimeout: .seconds(2))
        )
        #expect(await resolver.lookupTXT(name) == .nxdomain(dnssec: .unknown))
        #expect(resolver.statistics.queriesSent == 0)
    }

    @Test("accepts names at the length limits")
    func acceptsLimits() async throws {
        let resolver = try UnboundKeyResolver(
            configuration: .init(forwarders: ["127.0.0.1@9"], trustAnchorFile: nil, queryTimeout: .milliseconds(200))
        )
        let longest = (0..<63).map { _ in "abc" }.joined(separator: ".") + ".a"  // 253 octets
        for name in [String(repeating: "a", count: 63) + ".chainmail.example", longest, longest + "."] {
            #expect(await resolver.lookupTXT(name).failureCause == .timeout, "\(name.count)")
        }
        #expect(resolver.statistics.queriesSent == 3)
    }
}
