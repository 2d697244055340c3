import ChainmailTestSupport
import DKIMVerifier
import Foundation
import Testing

@Suite("UnboundKeyResolver with DNSSEC validation")
struct UnboundKeyResolverDNSSECTests {
    @Test(
        "answers a record that fails validation with a temporary failure that says why",
        .enabled(if: UnboundKeyResolver.Configuration.systemTrustAnchorFile != nil, "needs Debian's dns-root-data")
    )
    func reportsBogusAsTemporaryFailure() async throws {
        // The test server signs nothing, so with the root trust anchor nothing it says can be
        // proven, not even that the root is unsigned: every answer is bogus.
        let zone = DNSTestZone(records: [.txt("sel._domainkey.chainmail.example", strings: ["v=DKIM1; p=forged"])])
        try await DNSTestServer.withServer(zone) { server in
            let resolver = try UnboundKeyResolver(
                configuration: .init(
                    forwarders: [server.forwarder],
                    trustAnchorFile: UnboundKeyResolver.Configuration.systemTrustAnchorFile,
                    queryTimeout: .seconds(3)
                )
            )
            let result = await resolver.lookupTXT("sel._domainkey.chainmail.example")
            guard case .temporaryFailure(let failure) = result else {
                Issue.record("expected a temporary failure, got \(result)")
                return
            }
            #expect(failure.cause == .dnssecBogus)
            #expect(failure.detail.contains("trust anchor"), "\(failure.detail)")
            // Never cached: the next look-up asks again.
            _ = await resolver.lookupTXT("sel._domainkey.chainmail.example")
            #expect(resolver.statistics.queriesSent == 2)
        }
    }
}
