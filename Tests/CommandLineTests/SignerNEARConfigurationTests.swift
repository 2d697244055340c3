import Foundation
import Testing

/// The `signer` and `near` sections, read strictly by `config check` (and `serve`): every setting,
/// each rule, the key file, unknown keys.
@Suite("signer and near configuration")
struct SignerNEARConfigurationTests {
    /// The generator of secp256k1 in NEAR's form (a point on the curve), and G with y + 1 (not one).
    static let rootKey = "secp256k1:3SB8tA9Kbn7FBtT6GWR6AJk73QceudisHaGThPoLCDgC9tan7d3cwZFiDZtrmhSAf8aTynEdQ3N7KXhMm3nWhekP"
    static let offCurveKey = "secp256k1:3SB8tA9Kbn7FBtT6GWR6AJk73QceudisHaGThPoLCDgC9tan7d3cwZFiDZtrmhSAf8aTynEdQ3N7KXhMm3nWhekQ"
    /// A PyNaCl key pair (seed 01…20) in NEAR CLI's form.
    static let publicKey = "ed25519:9C6hybhQ6Aycep9jaUnP6uL9ZYvDjUp1aSkFWPUFJtpj"
    static let privateKey = "ed25519:2Ana1pUpv2ZbMVkwF5FXapYeBEjdxDatLn7nvJkhgTSdZd8hbDHTd21as7EAsg7ypityqfsw2pMQKJcVDVcAEsd"

    static func keyFile(account: String) -> String {
        #"{"account_id":"\#(account)","public_key":"\#(publicKey)","private_key":"\#(privateKey)"}"#
    }

    /// `config check` on `yaml` (DATA: a folder to create, KEY: `near-key.json` written with
    /// `keyJSON`): its status and problem lines.
    private func check(_ yaml: String, keyJSON: String? = nil) async throws -> (status: Int32, lines: [String], file: String) {
        let folder = try WorkFolder("chainmail-near-config")
        let key = folder.path("near-key.json")
        if let keyJSON { _ = try folder.write("near-key.json", keyJSON) }
        let file = try folder.write(
            "chainmail.yaml",
            yaml.replacingOccurrences(of: "DATA", with: folder.path("data")).replacingOccurrences(of: "KEY", with: key)
        )
        let run = try await ChainmailExecutable.run(["config", "check", "--config", file])
        return (run.status, run.stderr.split(separator: "\n").map(String.init), file)
    }

    @Test("every signer and near setting, near-mpc with a key file of predecessor, passes the check")
    func everySetting() async throws {
        let (status, lines, _) = try await check(
            """
            dataDirectory: DATA
            predecessor: chainmail.testnet
            http:
              port: 0
              serviceMailbox: wallet@example.com
            signer:
              kind: near-mpc
              rootPublicKey: \(Self.rootKey)
              waitSeconds: 45
            near:
              rpcURL: https://rpc.testnet.near.org
              keyFile: KEY
              mpcContract: v1.signer-prod.testnet
              signGas: 250000000000000
              requestTimeoutSeconds: 10
            """,
            keyJSON: Self.keyFile(account: "chainmail.testnet")
        )
        #expect(status == 0, "\(lines)")
    }

    @Test(
        "with near-mpc, init makes no local root key and prints the pinned one, as `signer show` does; the store commands work in its data directory"
    )
    func signerShowUsesPinnedKey() async throws {
        let folder = try WorkFolder("chainmail-near-show")
        _ = try folder.write("near-key.json", Self.keyFile(account: "chainmail.testnet"))
        let file = try folder.write(
            "chainmail.yaml",
            """
            dataDirectory: \(folder.path("data"))
            predecessor: chainmail.testnet
            http:
              serviceMailbox: wallet@example.com
            signer:
              kind: near-mpc
              rootPublicKey: \(Self.rootKey)
            near:
              rpcURL: http://127.0.0.1:9
              keyFile: \(folder.path("near-key.json"))
            """
        )
        let initialised = try await ChainmailExecutable.check(["init", "--config", file, "--json"])
        let shown = try await ChainmailExecutable.check(["signer", "show", "--config", file, "--json"])
        // The generator G, compressed.
        let pinned = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
        #expect(shown.contains(pinned), "\(shown)")
        #expect(initialised.contains(#""rootPublicKey":"\#(pinned)""#), "\(initialised)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("data/signer/root.key")), "no local root key the signer does not use")
        let missing = try await ChainmailExecutable.run(["account", "show", "alice", "--json", "--config", file])
        #expect(missing.stderr.contains(#""code":"account_not_found""#), "the data directory's store is read: \(missing.stderr)")
    }

    @Test("the sections may be left out (local signer) or hold only rpcURL (Account identities with the local signer)")
    func defaults() async throws {
        let base = "dataDirectory: DATA\nhttp:\n  serviceMailbox: wallet@example.com\n"
        #expect(try await check(base).status == 0)
        #expect(try await check(base + "signer: {}\nnear:\n  rpcURL: http://127.0.0.1:3030\n").status == 0)
        #expect(try await check(base + "signer:\n  kind: local\n").status == 0)
    }

    @Test("near-mpc without its root key, RPC and key file names each missing setting")
    func nearMPCNeedsItsSettings() async throws {
        let (status, lines, file) = try await check(
            "dataDirectory: DATA\nhttp:\n  serviceMailbox: wallet@example.com\nsigner:\n  kind: near-mpc\n"
        )
        #expect(status == 1)
        #expect(lines.count == 3, "\(lines)")
        for setting in ["signer.rootPublicKey is required", "near.rpcURL is required", "near.keyFile is required"] {
            #expect(lines.contains { $0.hasPrefix("chainmail: \(file): \(setting)") }, "\(setting): \(lines)")
        }
    }

    @Test("values out of range, a root key off the curve and a plain-http RPC are each a problem naming the setting")
    func badValues() async throws {
        let (status, lines, file) = try await check(
            """
            dataDirectory: DATA
            http:
              serviceMailbox: wallet@example.com
            signer:
              rootPublicKey: \(Self.offCurveKey)
              waitSeconds: 301
            near:
              rpcURL: http://rpc.testnet.near.org
              mpcContract: Not-An-Account
              signGas: 9000000000000
              requestTimeoutSeconds: 0
            """
        )
        #expect(status == 1)
        #expect(lines.count == 6, "\(lines)")
        for setting in [
            "signer.rootPublicKey is not secp256k1:", "signer.waitSeconds 301 is not 0 to 300", "near.rpcURL ",
            "near.mpcContract ", "near.signGas 9000000000000 is not 10 to 300 Tgas", "near.requestTimeoutSeconds 0 is not 1 to 300",
        ] {
            #expect(lines.contains { $0.hasPrefix("chainmail: \(file): \(setting)") }, "\(setting): \(lines)")
        }
    }

    @Test("a key file that is missing, not NEAR CLI credentials, or of another account than predecessor is a problem")
    func keyFiles() async throws {
        let yaml = "dataDirectory: DATA\nhttp:\n  serviceMailbox: wallet@example.com\nnear:\n  keyFile: KEY\n"
        let missing = try await check(yaml)
        #expect(
            missing.lines == [
                "chainmail: \(missing.file): near.keyFile: cannot read \(missing.file.replacingOccurrences(of: "chainmail.yaml", with: "near-key.json"))"
            ]
        )
        let garbage = try await check(yaml, keyJSON: #"{"account_id":"chainmail.testnet"}"#)
        #expect(garbage.status == 1)
        #expect(garbage.lines.count == 1 && garbage.lines[0].contains("near.keyFile") && garbage.lines[0].contains("private_key"), "\(garbage.lines)")
        let other = try await check(yaml, keyJSON: Self.keyFile(account: "someone.testnet"))
        #expect(
            other.lines.count == 1 && other.lines[0].contains("holds a key of someone.testnet, not of predecessor chainmail.testnet"),
            "\(other.lines)"
        )
        let good = try await check(yaml, keyJSON: Self.keyFile(account: "chainmail.testnet"))
        #expect(good.status == 0, "\(good.lines)")
    }

    @Test("unknown keys in signer and near are named with their line, and signer.kind names the accepted words")
    func unknownKeys() async throws {
        let (status, lines, file) = try await check(
            """
            dataDirectory: DATA
            http:
              serviceMailbox: wallet@example.com
            signer:
              kind: remote
              rootKey: x
            near:
              rpcUrl: https://rpc.testnet.near.org
              gas: 1
            """
        )
        #expect(status == 1)
        #expect(lines.count == 4, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("chainmail: \(file):5:9: signer.kind: expected one of local, near-mpc") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("chainmail: \(file):6:3: unknown setting signer.rootKey") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("chainmail: \(file):8:3: unknown setting near.rpcUrl (did you mean rpcURL?)") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("chainmail: \(file):9:3: unknown setting near.gas") }, "\(lines)")
    }
}
