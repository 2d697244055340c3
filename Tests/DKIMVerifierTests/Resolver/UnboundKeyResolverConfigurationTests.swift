import DKIMVerifier
import Foundation
import Testing

@Suite("UnboundKeyResolver configuration")
struct UnboundKeyResolverConfigurationTests {
    @Test("rejects a forwarder that is not an IP address")
    func rejectsBadForwarder() {
        #expect(throws: UnboundResolverError.self) {
            try UnboundKeyResolver(configuration: .init(forwarders: ["dns.example"], trustAnchorFile: nil))
        }
        do {
            _ = try UnboundKeyResolver(configuration: .init(forwarders: ["127.0.0.1@notaport"], trustAnchorFile: nil))
            Issue.record("accepted a forwarder with a bad port")
        } catch {
            #expect(error.code.name == "invalid_forwarder")
        }
    }

    @Test("rejects a trust anchor file that does not exist")
    func rejectsMissingTrustAnchor() {
        do {
            _ = try UnboundKeyResolver(configuration: .init(trustAnchorFile: "/nonexistent/root.key"))
            Issue.record("accepted a missing trust anchor file")
        } catch {
            #expect(error.code.name == "trust_anchor_unreadable")
        }
    }

    @Test("rejects a time-out that is not positive and negative cache limits")
    func rejectsBadLimits() {
        for configuration in [
            UnboundKeyResolver.Configuration(trustAnchorFile: nil, queryTimeout: .zero),
            UnboundKeyResolver.Configuration(trustAnchorFile: nil, cacheCapacity: -1),
            UnboundKeyResolver.Configuration(trustAnchorFile: nil, maximumNegativeCacheTTL: .seconds(-1)),
        ] {
            do {
                _ = try UnboundKeyResolver(configuration: configuration)
                Issue.record("accepted \(configuration)")
            } catch {
                #expect(error.code.name == "invalid_configuration")
            }
        }
    }

    @Test("starts with the system's resolvers and trust anchor by default")
    func startsWithDefaults() throws {
        let configuration = UnboundKeyResolver.Configuration()
        #expect(configuration.forwarders.isEmpty)
        #expect(configuration.queryTimeout == .seconds(5))
        if FileManager.default.isReadableFile(atPath: "/usr/share/dns/root.key") {
            #expect(configuration.trustAnchorFile == "/usr/share/dns/root.key")
        }
        _ = try UnboundKeyResolver(configuration: configuration)
    }

    @Test("accepts IPv4 and IPv6 forwarders, with and without a port")
    func acceptsForwarders() throws {
        _ = try UnboundKeyResolver(
            configuration: .init(forwarders: ["127.0.0.1", "127.0.0.1@5353", "::1", "::1@5353", "192.0.2.53"], trustAnchorFile: nil)
        )
    }
}
