import ChainmailTestSupport
import DKIMVerifier
import Foundation
import Testing

/// UnboundKeyResolver against a real DNS server on 127.0.0.1 (`scripts/peers/dns_server.py`).
@Suite("UnboundKeyResolver against a DNS server on 127.0.0.1")
struct UnboundKeyResolverDNSTests {
    /// A 2048-bit RSA key's SubjectPublicKeyInfo is 294 octets: 392 characters of base64, so
    /// the record does not fit one 255-octet character-string.
    static let longKeyRecord: String = {
        var generator = SystemRandomNumberGenerator()
        let spki = Data((0..<294).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return "v=DKIM1; k=rsa; p=" + spki.base64EncodedString()
    }()

    static let zone = DNSTestZone(
        records: [
            .txt("long._domainkey.chainmail.example", text: longKeyRecord),
            .txt("two._domainkey.chainmail.example", strings: ["v=DKIM1; p=first"]),
            .txt("two._domainkey.chainmail.example", strings: ["v=DKIM1; ", "p=second"]),
            .txt("revoked._domainkey.chainmail.example", strings: ["v=DKIM1; p="]),
            .a("host.chainmail.example", address: "192.0.2.1"),
        ],
        servfail: ["broken._domainkey.chainmail.example"],
        refused: ["refused._domainkey.chainmail.example"],
        silent: ["hang._domainkey.chainmail.example"]
    )

    static func resolver(for server: DNSTestServer, timeout: Duration = .seconds(2)) throws -> UnboundKeyResolver {
        try UnboundKeyResolver(
            configuration: .init(forwarders: [server.forwarder], trustAnchorFile: nil, queryTimeout: timeout)
        )
    }

    @Test("joins a long key record's 255-octet character-strings without separators")
    func joinsCharacterStrings() async throws {
        #expect(Self.longKeyRecord.utf8.count > 255)
        try await DNSTestServer.withServer(Self.zone) { server in
            let result = try await Self.resolver(for: server).lookupTXT("long._domainkey.chainmail.example")
            #expect(result == .records([Self.longKeyRecord], dnssec: .insecure))
        }
    }

    @Test("returns one string per TXT record when a name holds two")
    func returnsEachRecord() async throws {
        try await DNSTestServer.withServer(Self.zone) { server in
            let result = try await Self.resolver(for: server).lookupTXT("two._domainkey.chainmail.example")
            guard case .records(let records, let dnssec) = result else {
                Issue.record("expected records, got \(result)")
                return
            }
            #expect(records.sorted() == ["v=DKIM1; p=first", "v=DKIM1; p=second"])
            #expect(dnssec == .insecure)
        }
    }

    @Test("returns a revoked key record as it is")
    func returnsRevokedKey() async throws {
        try await DNSTestServer.withServer(Self.zone) { server in
            let result = try await Self.resolver(for: server).lookupTXT("revoked._domainkey.chainmail.example")
            #expect(result == .records(["v=DKIM1; p="], dnssec: .insecure))
        }
    }

    @Test("asks the forwarder about names under test., which libunbound would otherwise deny itself")
    func asksForwarderAboutTestNames() async throws {
        var zone = Self.zone
        zone.records.append(.txt("sel._domainkey.mail.test", strings: ["v=DKIM1; p=test"]))
        try await DNSTestServer.withServer(zone) { server in
            let result = try await Self.resolver(for: server).lookupTXT("sel._domainkey.mail.test")
            #expect(result == .records(["v=DKIM1; p=test"], dnssec: .insecure))
        }
    }

    @Test("reports NXDOMAIN for a name that does not exist")
    func reportsNXDOMAIN() async throws {
        try await DNSTestServer.withServer(Self.zone) { server in
            let result = try await Self.resolver(for: server).lookupTXT("missing._domainkey.chainmail.example")
            #expect(result == .nxdomain(dnssec: .insecure))
        }
    }

    @Test("reports no data for a name that holds no TXT record")
    func reportsNoData() async throws {
        try await DNSTestServer.withServer(Self.zone) { server in
            let result = try await Self.resolver(for: server).lookupTXT("host.chainmail.example")
            #expect(result == .noData(dnssec: .insecure))
        }
    }

    @Test("reports SERVFAIL and REFUSED as temporary failures")
    func reportsServerFailures() async throws {
        try await DNSTestServer.withServer(Self.zone) { server in
            let resolver = try Self.resolver(for: server)
            let broken = await resolver.lookupTXT("broken._domainkey.chainmail.example")
            let refused = await resolver.lookupTXT("refused._domainkey.chainmail.example")
            guard case .temporaryFailure = broken, case .temporaryFailure = refused else {
                Issue.record("expected temporary failures, got \(broken) and \(refused)")
                return
            }
            // A failure is asked again, not cached.
            _ = await resolver.lookupTXT("broken._domainkey.chainmail.example")
            #expect(resolver.statistics.cacheHits == 0)
            #expect(resolver.statistics.queriesSent == 3)
        }
    }

    @Test("answers a query that is never answered with a timeout within the time limit")
    func timesOut() async throws {
        try await DNSTestServer.withServer(Self.zone) { server in
            let resolver = try Self.resolver(for: server, timeout: .milliseconds(800))
            let clock = ContinuousClock()
            var result: TXTLookupResult?
            let elapsed = await clock.measure {
                result = await resolver.lookupTXT("hang._domainkey.chainmail.example")
            }
            #expect(result?.failureCause == .timeout)
            #expect(elapsed >= .milliseconds(750))
            // Bounded, not timed: far below "never", with room for a machine busy with other tests.
            #expect(elapsed < .seconds(10))
            // The resolver still answers after abandoning a query.
            #expect(await resolver.lookupTXT("revoked._domainkey.chainmail.example") == .records(["v=DKIM1; p="], dnssec: .insecure))
        }
    }

    @Test("gives up a query at once when its task is cancelled")
    func givesUpOnCancellation() async throws {
        try await DNSTestServer.withServer(Self.zone) { server in
            let resolver = try Self.resolver(for: server, timeout: .seconds(10))
            let clock = ContinuousClock()
            let started = clock.now
            let lookup = Task { await resolver.lookupTXT("hang._domainkey.chainmail.example") }
            try await Task.sleep(for: .milliseconds(200))
            lookup.cancel()
            #expect(await lookup.value.failureCause == .cancelled)
            // Well before the 10-second time-out, with room for a busy machine.
            #expect(started.duration(to: clock.now) < .seconds(8))
        }
    }

    @Test("answers a repeated look-up from its cache after the server has stopped")
    func answersFromCache() async throws {
        try await DNSTestServer.withServer(Self.zone) { server in
            let resolver = try Self.resolver(for: server, timeout: .milliseconds(800))
            let expected = TXTLookupResult.records([Self.longKeyRecord], dnssec: .insecure)
            #expect(await resolver.lookupTXT("long._domainkey.chainmail.example") == expected)
            #expect(await resolver.lookupTXT("missing._domainkey.chainmail.example") == .nxdomain(dnssec: .insecure))
            await server.stop()
            #expect(await resolver.lookupTXT("LONG._domainkey.chainmail.example.") == expected)
            #expect(await resolver.lookupTXT("missing._domainkey.chainmail.example") == .nxdomain(dnssec: .insecure))
            #expect(resolver.statistics == .init(cacheHits: 2, queriesSent: 2, cachedAnswers: 2))
            // A name never asked before has nowhere to come from now.
            guard case .temporaryFailure = await resolver.lookupTXT("revoked._domainkey.chainmail.example") else {
                Issue.record("expected a temporary failure with the server stopped")
                return
            }
        }
    }

    @Test("asks again once a record's one-second TTL has run out")
    func honoursTTL() async throws {
        var zone = Self.zone
        zone.records.append(.txt("short._domainkey.chainmail.example", strings: ["v=DKIM1; p=old"], ttl: 1))
        try await DNSTestServer.withServer(zone) { server in
            let resolver = try Self.resolver(for: server)
            #expect(await resolver.lookupTXT("short._domainkey.chainmail.example") == .records(["v=DKIM1; p=old"], dnssec: .insecure))
            zone.records[zone.records.count - 1] = .txt("short._domainkey.chainmail.example", strings: ["v=DKIM1; p=new"], ttl: 1)
            try server.serve(zone)
            #expect(await resolver.lookupTXT("short._domainkey.chainmail.example") == .records(["v=DKIM1; p=old"], dnssec: .insecure))
            // libunbound counts TTLs in whole seconds of its own clock, so a one-second TTL
            // may last up to two.
            try await Task.sleep(for: .milliseconds(2200))
            #expect(await resolver.lookupTXT("short._domainkey.chainmail.example") == .records(["v=DKIM1; p=new"], dnssec: .insecure))
            #expect(resolver.statistics.queriesSent == 2)
        }
    }

    @Test("caches a negative answer for its SOA's TTL, then asks again")
    func honoursNegativeTTL() async throws {
        var zone = Self.zone
        zone.negativeTTL = 1
        try await DNSTestServer.withServer(zone) { server in
            let resolver = try Self.resolver(for: server)
            #expect(await resolver.lookupTXT("late._domainkey.chainmail.example") == .nxdomain(dnssec: .insecure))
            zone.records.append(.txt("late._domainkey.chainmail.example", strings: ["v=DKIM1; p=late"]))
            try server.serve(zone)
            #expect(await resolver.lookupTXT("late._domainkey.chainmail.example") == .nxdomain(dnssec: .insecure))
            #expect(resolver.statistics.queriesSent == 1)
            // Whole seconds of libunbound's clock, as for positive answers.
            try await Task.sleep(for: .milliseconds(2200))
            #expect(await resolver.lookupTXT("late._domainkey.chainmail.example") == .records(["v=DKIM1; p=late"], dnssec: .insecure))
            #expect(resolver.statistics.queriesSent == 2)
        }
    }

    @Test("keeps a negative answer no longer than maximumNegativeCacheTTL, whatever its SOA says")
    func boundsNegativeCaching() async throws {
        try await DNSTestServer.withServer(Self.zone) { server in
            let resolver = try UnboundKeyResolver(
                configuration: .init(
                    forwarders: [server.forwarder],
                    trustAnchorFile: nil,
                    queryTimeout: .seconds(2),
                    maximumNegativeCacheTTL: .seconds(1)
                )
            )
            #expect(await resolver.lookupTXT("late._domainkey.chainmail.example") == .nxdomain(dnssec: .insecure))
            #expect(await resolver.lookupTXT("late._domainkey.chainmail.example") == .nxdomain(dnssec: .insecure))
            #expect(resolver.statistics.queriesSent == 1)
            try await Task.sleep(for: .milliseconds(1200))
            // The SOA allows 30 s; the resolver's own cache asks libunbound again after 1 s.
            // (libunbound's cache-max-negative-ttl is set too, but libunbound keeps it in a
            // process-wide variable that other tests' resolvers overwrite.)
            #expect(await resolver.lookupTXT("late._domainkey.chainmail.example") == .nxdomain(dnssec: .insecure))
            #expect(resolver.statistics.queriesSent == 2)
        }
    }

    @Test("answers many concurrent look-ups, each with its own name's records")
    func answersConcurrently() async throws {
        var zone = Self.zone
        for index in 0..<40 {
            zone.records.append(.txt("s\(index)._domainkey.chainmail.example", strings: ["v=DKIM1; p=\(index)"]))
        }
        try await DNSTestServer.withServer(zone) { server in
            let resolver = try Self.resolver(for: server)
            let results = await withTaskGroup(of: (Int, TXTLookupResult).self) { group in
                for round in 0..<3 {
                    for index in 0..<40 {
                        group.addTask { (index, await resolver.lookupTXT("s\(index)._domainkey.chainmail.example")) }
                    }
                    _ = round
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.count == 120)
            for (index, result) in results {
                #expect(result == .records(["v=DKIM1; p=\(index)"], dnssec: .insecure))
            }
        }
    }
}
