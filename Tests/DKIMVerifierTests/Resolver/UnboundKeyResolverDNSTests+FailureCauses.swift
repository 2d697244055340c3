import ChainmailTestSupport
import DKIMVerifier
import Foundation
import Testing

/// The resolver `chainmail serve` and `chainmail dkim verify` build from ``DNSResolverSettings``,
/// against the DNS server of `scripts/peers/dns_server.py`: each way a key look-up can fail is
/// named, in the look-up result and in the verifier's reason. In the quiet test process (the
/// time-outs are measured there), as the other tests of this suite.
extension UnboundKeyResolverDNSTests {
    static let message = "From: Alice <alice@chainmail.example>\r\nSubject: hello\r\nTo: wallet@chainmail.test\r\n\r\nHello.\r\n"
    static let now: Int64 = 1_800_000_000

    /// A signer of chainmail.example and the zone that holds its key, unsigned (no DNSSEC).
    static func signedZone() -> (signer: TestSigner, zone: DNSTestZone) {
        let signer = TestSigner(domain: "chainmail.example", selector: "s1")
        var zone = Self.zone
        zone.records.append(.txt(signer.keyName, text: signer.record()))
        return (signer, zone)
    }

    @Test("a zone without DNSSEC from a local server fails as bogus with Debian's root trust anchor, and the reason says why and what to set")
    func unsignedZoneIsBogusWithRootTrustAnchor() async throws {
        try #require(
            FileManager.default.isReadableFile(atPath: DNSResolverSettings.systemTrustAnchorPath),
            "install dns-root-data (scripts/system-packages.txt)"
        )
        let (signer, zone) = Self.signedZone()
        let signed = try signer.sign(Self.message)
        try await DNSTestServer.withServer(zone) { server in
            // The default: validation with /usr/share/dns/root.key, whatever the servers.
            let validating = DNSResolverSettings(servers: [server.forwarder], timeoutSeconds: 3)
            #expect(validating.effectiveTrustAnchorFile == DNSResolverSettings.systemTrustAnchorPath)
            let verdict = await DKIMVerifier(resolver: try validating.makeResolver()).verify(message: signed, now: Self.now)
            let reason = try #require(verdict.signatures.first?.reason)
            #expect(verdict.result == .temperror)
            #expect(reason.code == "key_lookup_failed")
            #expect(reason.cause == "dnssec_bogus")
            #expect(
                reason.message.hasPrefix("key look-up for s1._domainkey.chainmail.example failed temporarily: DNSSEC validation failed (bogus): ")
            )
            // unbound's own reason: the test server has no DNSKEY for the root.
            #expect(reason.message.contains("DNSKEY"), "\(reason.message)")
            #expect(reason.message.contains("dns.trustAnchorFile: none"))

            // The same server with validation turned off, as docs/dns.md says to.
            let trusting = DNSResolverSettings(servers: [server.forwarder], trustAnchorFile: "none", timeoutSeconds: 3)
            #expect(trusting.effectiveTrustAnchorFile == nil)
            let passed = await DKIMVerifier(resolver: try trusting.makeResolver()).verify(message: signed, now: Self.now)
            #expect(passed.result == .pass)
            #expect(passed.signatures.first?.key?.dnssec == .insecure)
        }
    }

    @Test("a SERVFAIL is named as such, in the look-up and in the verifier's reason")
    func namesServfail() async throws {
        let (signer, zone) = Self.signedZone()
        var broken = zone
        broken.servfail.append(signer.keyName)
        let signed = try signer.sign(Self.message)
        try await DNSTestServer.withServer(broken) { server in
            let resolver = try DNSResolverSettings(servers: [server.forwarder], trustAnchorFile: "none", timeoutSeconds: 3).makeResolver()
            #expect(await resolver.lookupTXT(signer.keyName).failureCause == .servfail)
            let reason = try #require(await DKIMVerifier(resolver: resolver).verify(message: signed, now: Self.now).signatures.first?.reason)
            #expect(reason.code == "key_lookup_failed")
            #expect(reason.cause == "servfail")
            #expect(reason.message.contains("the DNS server answered SERVFAIL"), "\(reason.message)")
            // A REFUSED reaches libunbound's caller as a SERVFAIL too.
            #expect(await resolver.lookupTXT("refused._domainkey.chainmail.example").failureCause == .servfail)
        }
    }

    @Test("a server that never answers is a time-out, in the look-up and in the verifier's reason")
    func namesTimeout() async throws {
        let (signer, zone) = Self.signedZone()
        var silent = zone
        silent.silent.append(signer.keyName)
        let signed = try signer.sign(Self.message)
        try await DNSTestServer.withServer(silent) { server in
            let resolver = try DNSResolverSettings(servers: [server.forwarder], trustAnchorFile: "none", timeoutSeconds: 1).makeResolver()
            let reason = try #require(await DKIMVerifier(resolver: resolver).verify(message: signed, now: Self.now).signatures.first?.reason)
            #expect(reason.code == "key_lookup_failed")
            #expect(reason.cause == "timeout")
            #expect(reason.message.contains("no DNS server answered in time (no answer within 1 s)"), "\(reason.message)")
        }
    }

    @Test("a stopped server is a time-out; started again, it answers again")
    func stoppedServerTimesOutThenRecovers() async throws {
        let (signer, zone) = Self.signedZone()
        let settings = try await DNSTestServer.withServer(zone) { server in
            DNSResolverSettings(servers: [server.forwarder], trustAnchorFile: "none", timeoutSeconds: 1)
        }
        // The server is gone: nothing listens on its port.
        let resolver = try settings.makeResolver()
        #expect(await resolver.lookupTXT(signer.keyName).failureCause == .timeout)
        let port = try #require(Int(settings.servers[0].split(separator: "@")[1]))
        try await DNSTestServer.withServer(zone, port: port) { _ in
            // libunbound probes a server it found silent again after a back-off: bounded here,
            // asked once a second, well above the few seconds it takes.
            var result = await resolver.lookupTXT(signer.keyName)
            for _ in 0..<60 where result.failureCause != nil {
                #expect(result.failureCause == .timeout || result.failureCause == .unreachable, "\(result)")
                try await Task.sleep(for: .seconds(1))
                result = await resolver.lookupTXT(signer.keyName)
            }
            #expect(result == .records([signer.record()], dnssec: .insecure))
        }
    }
}
