import Foundation
import Testing

/// A configuration file is read strictly: every unknown key at any depth, every value a setting
/// cannot hold and YAML syntax errors, each with file, line and column and (for words) the accepted
/// values; all problems at once; `chainmail: <problem>` lines, status 78, no usage banner.
@Suite("configuration errors name the file, the line and the accepted values")
struct ConfigurationErrorTests {
    /// Runs `serve --config` on `yaml` and returns its problems (it must refuse before serving).
    private func serveProblems(_ yaml: String) async throws -> (lines: [String], file: String, run: ChainmailExecutable.Run) {
        let folder = try WorkFolder("chainmail-config")
        let file = try folder.write("chainmail.yaml", yaml.replacingOccurrences(of: "DATA", with: folder.path("data")))
        let run = try await ChainmailExecutable.run(["serve", "--config", file])
        #expect(run.status == 78, "EX_CONFIG; stderr: \(run.stderr)")
        #expect(!run.stderr.contains("USAGE") && !run.stderr.contains("Usage:") && !run.stderr.contains("--help"), "no usage banner")
        #expect(run.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.path("data")), "nothing created")
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.hasPrefix("chainmail: \(file):") }, "every line is `chainmail: FILE…`: \(lines)")
        return (lines, file, run)
    }

    @Test("unknown keys at depth 2 and 3 are each named with their line and the accepted settings, in one run")
    func nestedTypos() async throws {
        let (lines, file, _) = try await serveProblems(
            """
            dataDirectory: DATA
            email:
              adress: wallet@example.com
            http:
              prot: 8080
              serviceMailbox: wallet@example.com
            authentication:
              webAuthn:
                rpId: example.com
                origins: [https://example.com]
                origin: https://example.com
            imap:
              host: 127.0.0.1
              username: u
              password: p
              afterprocessing: move
            """
        )
        #expect(lines.count == 4, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("chainmail: \(file):3:3: unknown setting email.adress (did you mean address?) (accepted: address,") })
        #expect(lines.contains { $0.hasPrefix("chainmail: \(file):5:3: unknown setting http.prot (did you mean port?) (accepted: host, port,") })
        #expect(lines.contains { $0.hasPrefix("chainmail: \(file):11:5: unknown setting authentication.webAuthn.origin (did you mean origins?)") })
        #expect(lines.contains { $0.hasPrefix("chainmail: \(file):16:3: unknown setting imap.afterprocessing (did you mean afterProcessing?)") })
    }

    @Test("a section missing a required setting still has its unknown keys named, beside the missing one")
    func unknownKeyBesideMissingSetting() async throws {
        let (lines, file, _) = try await serveProblems(
            """
            dataDirectory: DATA
            http:
              prot: 8080
            imap:
              hots: 127.0.0.1
              username: u
            """
        )
        #expect(lines.count == 4, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("chainmail: \(file):3:3: missing setting http.serviceMailbox") })
        #expect(lines.contains { $0.hasPrefix("chainmail: \(file):3:3: unknown setting http.prot") })
        #expect(lines.contains { $0.hasPrefix("chainmail: \(file):5:3: missing setting imap.host") })
        #expect(lines.contains { $0.hasPrefix("chainmail: \(file):5:3: unknown setting imap.hots") })
    }

    @Test("an unknown word names the accepted values: logLevel, logFormat, imap.tls, imap.afterProcessing")
    func enumeratedValues() async throws {
        let (lines, file, _) = try await serveProblems(
            """
            logLevel: verbose
            logFormat: xml
            imap:
              host: 127.0.0.1
              tls: ssl
              username: u
              password: p
              afterProcessing: delete
            """
        )
        #expect(
            lines == [
                "chainmail: \(file):1:11: logLevel: expected one of trace, debug, info, notice, warning, error, critical, found \"verbose\"",
                "chainmail: \(file):2:12: logFormat: expected one of text, json, found \"xml\"",
                "chainmail: \(file):5:8: imap.tls: expected one of implicit, starttls, none, found \"ssl\"",
                "chainmail: \(file):8:20: imap.afterProcessing: expected one of flag, move, found \"delete\"",
            ]
        )
    }

    @Test("a value of the wrong type names the setting, the expected type or range and what was found")
    func wrongTypes() async throws {
        let (lines, file, _) = try await serveProblems(
            """
            http:
              port: abc
              serviceMailbox: wallet@example.com
            imap:
              host: 127.0.0.1
              port: 70000
              username: u
              password: p
              idle: maybe
            email:
              maximumMessageBytes: [1, 2]
            """
        )
        #expect(
            lines == [
                "chainmail: \(file):2:9: http.port: expected an integer, found \"abc\"",
                "chainmail: \(file):6:9: imap.port: expected an integer from 0 to 65535, found \"70000\"",
                "chainmail: \(file):9:9: imap.idle: expected true or false, found \"maybe\"",
                "chainmail: \(file):11:24: email.maximumMessageBytes: expected an integer, found a list",
            ]
        )
    }

    @Test("a missing required setting is named")
    func missingSetting() async throws {
        let (lines, file, _) = try await serveProblems(
            """
            imap:
              host: 127.0.0.1
              password: p
            """
        )
        #expect(lines == ["chainmail: \(file):2:3: missing setting imap.username"])
    }

    @Test("a YAML syntax error gives the file and the line")
    func syntaxError() async throws {
        let (lines, file, _) = try await serveProblems(
            """
            logLevel: info
            http:
              port: 8080
             serviceMailbox: wallet@example.com
            """
        )
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("chainmail: \(file):4:") == true, "\(lines)")
        #expect(lines.first?.contains("YAML syntax error") == true)
    }

    @Test("the commands that read --config refuse a bad one the same way, without creating anything")
    func otherCommandsToo() async throws {
        let folder = try WorkFolder("chainmail-config")
        let file = try folder.write("chainmail.yaml", "dataDirectory: \(folder.path("data"))\nlogLevel: loud\n")
        let run = try await ChainmailExecutable.run(["signer", "show", "--config", file])
        #expect(run.status == 78)
        #expect(
            run.stderr == "chainmail: \(file):2:11: logLevel: expected one of trace, debug, info, notice, warning, error, critical, found \"loud\"\n"
        )
        #expect(!FileManager.default.fileExists(atPath: folder.path("data")))
    }
}
