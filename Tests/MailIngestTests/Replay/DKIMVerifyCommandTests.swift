import AccountEngine
import ChainmailTestSupport
import DKIMVerifier
import Foundation
import Testing

/// `chainmail dkim verify` given a directory or `-` (paths on standard input) verifies the same
/// files, in the same order, with the same verdicts as when each file is named on the command line.
@Suite("chainmail dkim verify: directories and paths on standard input")
struct DKIMVerifyCommandTests {
    static let binary = PackagePaths.root.appendingPathComponent(".build/debug/chainmail").path
    static let folder = PipelineFixture.emails

    /// The `{"file","result"}` of each JSON line, in order, and the exit status.
    static func verify(_ paths: [String], stdin: String = "") async throws -> (lines: [(file: String, result: String)], status: Int32) {
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build chainmail first (make test does)")
        let dns = folder.appendingPathComponent("dns.txt").path
        let arguments = ["dkim", "verify", "--json", "--dns-file", dns, "--now", "1795000000"] + paths
        let result = try await ProcessRunner.run(binary, arguments, stdin: Array(stdin.utf8))
        let lines = try String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map { line in
            let json = try StrictJSONParser().parse(String(line))
            return (file: try #require(json["file"]?.string), result: try #require(json["result"]?.string))
        }
        return (lines, result.status)
    }

    /// Every regular file of the fixture folder, by name as bytes.
    static func regularFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { name in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory)
                    && !isDirectory.boolValue
            }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { folder.appendingPathComponent($0).path }
    }

    @Test("a directory stands for every regular file in it, in file-name order, with the verdicts the files get one by one")
    func directoryIsItsFiles() async throws {
        let files = try Self.regularFiles()
        #expect(files.count > 35)  // the mails and the fixture's dns.txt, accounts.json, expected.json, now
        let byFile = try await Self.verify(files)
        let byDirectory = try await Self.verify([Self.folder.path])
        #expect(byDirectory.status == 0)
        #expect(byDirectory.lines.map(\.file) == files)
        #expect(byDirectory.lines.map(\.result) == byFile.lines.map(\.result))
        #expect(byDirectory.lines.contains { $0.result == "pass" })
        #expect(byDirectory.lines.contains { $0.result == "none" })
    }

    @Test("- reads paths from standard input, one a line, in the order given, mixed with arguments and directories")
    func pathsFromStandardInput() async throws {
        let files = try Self.regularFiles().filter { $0.hasSuffix(".eml") }
        let chosen = [files[3], files[0], files[7]]
        let run = try await Self.verify(["-", files[1], Self.folder.path + "/"], stdin: chosen.joined(separator: "\n") + "\n\n")
        #expect(run.status == 0)
        let directory = try Self.regularFiles()
        #expect(run.lines.map(\.file) == chosen + [files[1]] + directory.map { Self.folder.path + "/" + ($0 as NSString).lastPathComponent })
        let single = try await Self.verify([files[3]])
        #expect(run.lines.first?.result == single.lines.first?.result)
    }

    @Test("a path from standard input that cannot be read is reported and the others are still verified, exit 1")
    func unreadablePathFromStandardInput() async throws {
        let mail = try #require(Self.regularFiles().first { $0.hasSuffix(".eml") })
        let run = try await Self.verify(["-"], stdin: "\(Self.folder.path)/no-such-mail.eml\n\(mail)\n")
        #expect(run.status == 1)
        #expect(run.lines.map(\.file) == [mail])
    }

    @Test("an empty directory verifies nothing and succeeds")
    func emptyDirectory() async throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-dkim-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let run = try await Self.verify([empty.path])
        #expect(run.status == 0)
        #expect(run.lines.isEmpty)
    }

    /// The fixture folder's keys (dns.txt), served by the test DNS server, without DNSSEC.
    static func fixtureZone() throws -> DNSTestZone {
        let text = try String(contentsOf: folder.appendingPathComponent("dns.txt"), encoding: .utf8)
        var zone = DNSTestZone(zone: "example.com")
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            let name = line.prefix { !$0.isWhitespace }
            var value = line.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            zone.records.append(.txt(String(name), text: value))
        }
        return zone
    }

    /// `{"result","code","cause"}` of the one signature `chainmail dkim verify --json` reports for `mail`.
    static func verdict(_ mail: String, _ options: [String]) async throws -> (result: String, code: String, cause: String?) {
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build chainmail first (make test does)")
        let run = try await ProcessRunner.run(binary, ["dkim", "verify", "--json", "--now", "1795000000"] + options + [mail])
        #expect(run.status == 0, "\(String(decoding: run.stderr, as: UTF8.self))")
        let json = try StrictJSONParser().parse(String(decoding: run.stdout, as: UTF8.self).trimmingCharacters(in: .newlines))
        let signature = try #require(json["signatures"]?[0])
        return (try #require(signature["result"]?.string), try #require(signature["code"]?.string), signature["cause"]?.string)
    }

    @Test(
        "--config reads the dns: section serve reads: a zone without DNSSEC from a local server is bogus with the root trust anchor, and passes with none, as serve's resolver says"
    )
    func configSharesServeResolver() async throws {
        try #require(FileManager.default.isReadableFile(atPath: "/usr/share/dns/root.key"), "install dns-root-data (scripts/system-packages.txt)")
        let mail = Self.folder.appendingPathComponent("01-executed-plain.eml").path
        let message = try Array(Data(contentsOf: URL(fileURLWithPath: mail)))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-dkim-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        try await DNSTestServer.withServer(try Self.fixtureZone()) { server in
            for (name, anchor) in [("validating", nil), ("trusting", "none")] as [(String, String?)] {
                // JSON is YAML: chainmail reads this file as a configuration, the test as JSON.
                var dns: [String: Any] = ["servers": [server.forwarder], "timeoutSeconds": 3]
                if let anchor { dns["trustAnchorFile"] = anchor }
                let config = directory.appendingPathComponent("\(name).yaml")
                try JSONSerialization.data(withJSONObject: ["dns": dns]).write(to: config)

                let cli = try await Self.verdict(mail, ["--config", config.path])
                // serve's resolver: the same settings type, decoded from the same section, and the one makeResolver.
                let settings = try #require(try JSONDecoder().decode([String: DNSResolverSettings].self, from: Data(contentsOf: config))["dns"])
                let serve = try #require(
                    await DKIMVerifier(resolver: try settings.makeResolver()).verify(message: message, now: 1_795_000_000).signatures.first
                )
                #expect(cli.result == serve.result.rawValue, "\(name)")
                #expect(cli.code == serve.reason.code, "\(name)")
                #expect(cli.cause == serve.reason.cause, "\(name)")
                if anchor == nil {
                    #expect((cli.result, cli.code, cli.cause) == ("temperror", "key_lookup_failed", "dnssec_bogus"))
                } else {
                    #expect((cli.result, cli.code, cli.cause) == ("pass", "verified", nil))
                }
            }
            // The flags override single settings of the file: --trust-anchor none turns validation off.
            let overridden = try await Self.verdict(
                mail,
                ["--config", directory.appendingPathComponent("validating.yaml").path, "--trust-anchor", "none"]
            )
            #expect(overridden.result == "pass")
            // --dns-server alone validates with the root trust anchor too, as serve does: same defaults.
            let flagsOnly = try await Self.verdict(mail, ["--dns-server", server.forwarder, "--dns-timeout", "3"])
            #expect((flagsOnly.result, flagsOnly.cause) == ("temperror", "dnssec_bogus"))
            let flagsTrusting = try await Self.verdict(mail, ["--dns-server", server.forwarder, "--trust-anchor", "none"])
            #expect(flagsTrusting.result == "pass")
        }
    }

    @Test("unusable DNS settings are reported without the usage text, exit 64")
    func unusableSettings() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build chainmail first (make test does)")
        let mail = Self.folder.appendingPathComponent("01-executed-plain.eml").path
        let run = try await ProcessRunner.run(Self.binary, ["dkim", "verify", "--dns-server", "dns.example", mail])
        #expect(run.status == 64)
        let error = String(decoding: run.stderr, as: UTF8.self)
        #expect(error.contains("chainmail: cannot start the DNS resolver: dns.servers: "), "\(error)")
        #expect(!error.contains("USAGE"))
    }
}
