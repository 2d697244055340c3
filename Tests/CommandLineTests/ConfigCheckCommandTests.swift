import ChainmailTestSupport
import Foundation
import Testing

/// `chainmail config check --config F` checks what can be checked without connecting anywhere and
/// prints `ok: F` (status 0) or each problem (status 1).
@Suite("chainmail config check")
struct ConfigCheckCommandTests {
    @Test("a good file prints ok and exits 0, creating nothing")
    func goodFile() async throws {
        let folder = try WorkFolder("chainmail-check")
        let password = try folder.write("imap.password", "secret\n")
        let file = try folder.write(
            "chainmail.yaml",
            """
            dataDirectory: \(folder.path("data"))
            logLevel: info
            logFormat: json
            http:
              port: 0
              serviceMailbox: wallet@example.com
            imap:
              host: 127.0.0.1
              port: 1993
              username: wallet
              passwordFile: \(password)
              afterProcessing: move
            dns:
              trustAnchorFile: none
            """
        )
        let run = try await ChainmailExecutable.run(["config", "check", "--config", file])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "ok: \(file)\n")
        #expect(!FileManager.default.fileExists(atPath: folder.path("data")), "a check creates nothing")
        let json = try await ChainmailExecutable.check(["config", "check", "--config", file, "--json"])
        #expect(json.contains(#""ok":true"#) && json.contains(#""version":"1.1.0""#))
    }

    @Test("a file whose values decode but cannot be used lists every problem and exits 1")
    func badValues() async throws {
        let folder = try WorkFolder("chainmail-check")
        let blocked = folder.path("blocked")
        try FileManager.default.createDirectory(atPath: blocked, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: blocked)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: blocked) }
        let file = try folder.write(
            "chainmail.yaml",
            """
            dataDirectory: \(blocked)/data
            http:
              port: 70000
              serviceMailbox: wallet@example.com
            imap:
              host: 127.0.0.1
              username: wallet
              passwordFile: \(folder.path("missing.password"))
            dns:
              trustAnchorFile: \(folder.path("missing.key"))
            """
        )
        let run = try await ChainmailExecutable.run(["config", "check", "--config", file])
        #expect(run.status == 1)
        #expect(!run.stderr.contains("USAGE"))
        let lines = run.stderr.split(separator: "\n").map(String.init)
        let isRoot = geteuid() == 0
        #expect(lines.contains { $0.contains("http.port 70000 is not 0 to 65535") }, "\(lines)")
        #expect(lines.contains { $0.contains("imap.passwordFile: cannot read \(folder.path("missing.password"))") })
        #expect(lines.contains { $0.contains("dns.trustAnchorFile: cannot read \(folder.path("missing.key"))") })
        if !isRoot { #expect(lines.contains { $0.contains("dataDirectory: \(blocked)/data cannot be created") }) }
        #expect(lines.allSatisfy { $0.hasPrefix("chainmail: \(file): ") })
    }

    @Test("a file with an unknown key fails the check with its line")
    func unknownKey() async throws {
        let folder = try WorkFolder("chainmail-check")
        let file = try folder.write("chainmail.yaml", "http:\n  serviceMailbox: wallet@example.com\n  bind: 5\n")
        let run = try await ChainmailExecutable.run(["config", "check", "--config", file])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("chainmail: \(file):3:3: unknown setting http.bind"))
    }
}

/// The shipped configuration files name only settings chainmail knows, with values it accepts.
@Suite("the shipped configuration files decode strictly")
struct ShippedConfigurationTests {
    @Test("config/chainmail.example.yaml and config/dev.yaml have no unknown setting or bad value")
    func shippedFilesDecode() async throws {
        for name in ["chainmail.example.yaml", "dev.yaml"] {
            let file = PackagePaths.root.appendingPathComponent("config/\(name)").path
            let run = try await ChainmailExecutable.run(["config", "check", "--config", file])
            // Files the example names (password files, a CA) do not exist here: only those may be reported.
            let lines = run.stderr.split(separator: "\n").map(String.init)
            for line in lines {
                #expect(line.hasPrefix("chainmail: \(file): ") && line.contains("cannot read"), "\(line)")
            }
        }
    }
}
