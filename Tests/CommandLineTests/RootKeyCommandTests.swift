import Foundation
import Testing

/// Only `serve` and `init` create a root key: `signer show`, `derive` and `account create` in a
/// folder without one refuse with `root_key_missing`, name the folder, say to run `chainmail init`,
/// and create nothing. With `--config`, the data directory and predecessor come from the file.
@Suite("the root key is created by init and serve only")
struct RootKeyCommandTests {
    static let identity = #"{"type":"PubKey","value":"evm:0x1111111111111111111111111111111111111111"}"#

    static func commands(_ location: [String]) -> [[String]] {
        [
            ["signer", "show"] + location,
            ["derive", "--identity", identity, "--path", "ethereum,1"] + location,
            ["account", "create", "--id", "alice", "--identity", identity] + location,
            ["account", "show", "alice"] + location,
        ]
    }

    @Test("signer show, derive and account create/show in an empty folder are refused and create no file")
    func emptyFolderRefused() async throws {
        let folder = try WorkFolder("chainmail-rootkey")
        let data = folder.path("data")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let config = try folder.write("chainmail.yaml", "dataDirectory: \(folder.path("elsewhere"))\nhttp:\n  serviceMailbox: w@example.com\n")
        for location in [["--data-dir", data], ["--config", config]] {
            for arguments in Self.commands(location) {
                let run = try await ChainmailExecutable.run(arguments)
                #expect(run.status == 1, "\(arguments): \(run.stderr)")
                #expect(run.stderr.hasPrefix("chainmail: root_key_missing: "), "\(arguments): \(run.stderr)")
                #expect(run.stderr.contains("chainmail init"))
                #expect(run.stderr.contains(location[0] == "--data-dir" ? data : folder.path("elsewhere")), "names the folder")
            }
        }
        #expect(folder.contents(of: "data").isEmpty, "nothing created in the empty folder")
        #expect(!FileManager.default.fileExists(atPath: folder.path("elsewhere")), "nothing created where the config points")
    }

    @Test("after init, the commands work, and --config and --data-dir see the same root key and predecessor rules")
    func initThenUse() async throws {
        let folder = try WorkFolder("chainmail-rootkey")
        let data = folder.path("data")
        let config = try folder.write("chainmail.yaml", "dataDirectory: \(data)\npredecessor: ops.testnet\n")
        let created = try await ChainmailExecutable.check(["init", "--config", config, "--json"])
        #expect(created.contains(#""created":true"#))
        let again = try await ChainmailExecutable.check(["init", "--data-dir", data, "--json"])
        #expect(again.contains(#""created":false"#), "init twice keeps the key")

        let byConfig = try await ChainmailExecutable.check(["signer", "show", "--json", "--config", config])
        let byDirectory = try await ChainmailExecutable.check(["signer", "show", "--json", "--data-dir", data])
        #expect(byConfig.contains(#""predecessor":"ops.testnet""#), "the predecessor comes from the config")
        #expect(byDirectory.contains(#""predecessor":"chainmail.testnet""#))
        let rootKey = { (text: String) in text.components(separatedBy: #""rootPublicKey":""#).last?.prefix(66) }
        #expect(rootKey(byConfig) == rootKey(byDirectory), "one root key, whichever way the folder is named")
        #expect(created.contains(String(rootKey(byConfig) ?? "none")))

        try await ChainmailExecutable.check(["account", "create", "--id", "alice", "--identity", Self.identity, "--config", config])
        let shown = try await ChainmailExecutable.check(["account", "show", "alice", "--json", "--data-dir", data])
        #expect(shown.contains(#""accountId":"alice""#) || shown.contains("alice"))
        try await ChainmailExecutable.check(["derive", "--identity", Self.identity, "--path", "ethereum,1", "--config", config])
    }

    @Test("--config and --data-dir together are refused")
    func bothRefused() async throws {
        let run = try await ChainmailExecutable.run(["signer", "show", "--config", "/nonexistent.yaml", "--data-dir", "/tmp"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("give --config or --data-dir, not both"))
    }
}
