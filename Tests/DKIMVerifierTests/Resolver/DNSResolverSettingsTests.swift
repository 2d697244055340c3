import DKIMVerifier
import Foundation
import Testing

/// The `dns:` settings that `chainmail serve` and `chainmail dkim verify --config` share.
@Suite("DNS resolver settings")
struct DNSResolverSettingsTests {
    static func decode(_ json: String) throws -> DNSResolverSettings {
        try JSONDecoder().decode(DNSResolverSettings.self, from: Data(json.utf8))
    }

    /// The message of the decoding error `json` gives.
    static func problem(_ json: String) -> String? {
        do {
            _ = try decode(json)
            return nil
        } catch DecodingError.dataCorrupted(let context) {
            return (context.codingPath.map(\.stringValue) + [context.debugDescription]).joined(separator: ": ")
        } catch {
            return "\(error)"
        }
    }

    @Test("an empty section takes the defaults: system resolvers, Debian's root trust anchor when present, 5 s")
    func defaults() throws {
        let settings = try Self.decode("{}")
        #expect(settings == DNSResolverSettings())
        #expect(settings.servers.isEmpty)
        #expect(settings.timeoutSeconds == 5)
        #expect(settings.staticFile == nil)
        let rootKeyPresent = FileManager.default.isReadableFile(atPath: "/usr/share/dns/root.key")
        #expect(settings.effectiveTrustAnchorFile == (rootKeyPresent ? "/usr/share/dns/root.key" : nil))
        #expect(settings.unboundConfiguration.trustAnchorFile == settings.effectiveTrustAnchorFile)
        #expect(settings.unboundConfiguration.queryTimeout == .seconds(5))
    }

    @Test("explicit servers keep the default trust anchor: only trustAnchorFile none turns validation off")
    func serversKeepValidation() throws {
        let settings = try Self.decode(#"{"servers": ["127.0.0.1@5353"], "timeoutSeconds": 2}"#)
        #expect(settings.unboundConfiguration.forwarders == ["127.0.0.1@5353"])
        #expect(settings.unboundConfiguration.queryTimeout == .seconds(2))
        #expect(settings.trustAnchorFile == nil)
        #expect(settings.effectiveTrustAnchorFile == DNSResolverSettings().effectiveTrustAnchorFile)
        let off = try Self.decode(#"{"servers": ["127.0.0.1@5353"], "trustAnchorFile": "none"}"#)
        #expect(off.effectiveTrustAnchorFile == nil)
        #expect(off.summary.contains("no DNSSEC validation (trustAnchorFile: none)"))
        let own = try Self.decode(#"{"trustAnchorFile": "/etc/chainmail/anchor.key"}"#)
        #expect(own.effectiveTrustAnchorFile == "/etc/chainmail/anchor.key")
    }

    @Test("an unknown setting is refused with the names the section takes")
    func refusesUnknownSetting() {
        let problem = Self.problem(#"{"server": ["127.0.0.1"]}"#)
        #expect(
            problem?.contains("unknown setting server (dns takes servers, trustAnchorFile, timeoutSeconds, staticFile)") == true,
            "\(problem ?? "")"
        )
    }

    @Test(
        "bad values are refused, naming the setting",
        arguments: [
            (#"{"timeoutSeconds": 0}"#, "timeoutSeconds: 0 is not a number of seconds from 1 to 300"),
            (#"{"timeoutSeconds": 301}"#, "timeoutSeconds: 301 is not a number of seconds from 1 to 300"),
            (#"{"trustAnchorFile": ""}"#, "trustAnchorFile: give a file of trust anchors or none"),
            (#"{"servers": [""]}"#, "servers: an empty server"),
            (#"{"servers": ["127.0.0.1"], "staticFile": "dns.txt"}"#, "staticFile: excludes dns.servers"),
        ]
    )
    func refusesBadValues(json: String, expected: String) {
        let problem = Self.problem(json)
        #expect(problem?.contains(expected) == true, "\(problem ?? "accepted")")
    }

    @Test("makeResolver names the setting at fault")
    func makeResolverNamesSetting() {
        let cases: [(DNSResolverSettings, String, String)] = [
            (DNSResolverSettings(servers: ["dns.example"], trustAnchorFile: "none"), "invalid_forwarder", "dns.servers: "),
            (DNSResolverSettings(trustAnchorFile: "/nonexistent/root.key"), "trust_anchor_unreadable", "dns.trustAnchorFile: "),
            (DNSResolverSettings(staticFile: "/nonexistent/dns.txt"), "invalid_configuration", "dns.staticFile: "),
            (DNSResolverSettings(timeoutSeconds: 0), "invalid_configuration", "dns.timeoutSeconds: "),
        ]
        for (settings, code, prefix) in cases {
            do {
                _ = try settings.makeResolver()
                Issue.record("\(settings) was accepted")
            } catch {
                #expect(error.code.name == code)
                #expect(error.message.hasPrefix(prefix), "\(error.message)")
            }
        }
    }

    @Test("a static file answers from its table, without DNS")
    func staticFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-dns-\(UUID().uuidString).txt")
        try "s1._domainkey.chainmail.example v=DKIM1; p=abc\nbroken._domainkey.chainmail.example ~~SERVFAIL~~\n".write(
            to: file,
            atomically: true,
            encoding: .utf8
        )
        defer { try? FileManager.default.removeItem(at: file) }
        let settings = DNSResolverSettings(staticFile: file.path)
        #expect(settings.summary == "keys from the static file \(file.path), no DNS")
        let resolver = try settings.makeResolver()
        #expect(await resolver.lookupTXT("s1._domainkey.chainmail.example") == .records(["v=DKIM1; p=abc"], dnssec: .unknown))
        #expect(await resolver.lookupTXT("broken._domainkey.chainmail.example") == .temporaryFailure(DNSLookupFailure(.servfail, "SERVFAIL")))
    }
}
