import AccountEngine
import ChainSigner
import DKIMVerifier
import Foundation
import MailIngest

/// A real pipeline on a fresh SQLite file: accounts, keys and clock from a fixture folder
/// (testdata/emails by default), the local signer in a temporary folder.
struct PipelineFixture {
    static let emails = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("testdata/emails")

    let directory: URL
    let engine: AccountEngine
    let ledger: SQLiteMailLedger
    let pipeline: MailPipeline
    let now: Date

    init(folder: URL = emails) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let seconds = try String(contentsOf: folder.appendingPathComponent("now"), encoding: .utf8)
        let now = Date(timeIntervalSince1970: TimeInterval(Int64(seconds.trimmingCharacters(in: .whitespacesAndNewlines))!))
        self.now = now
        let database = directory.appendingPathComponent("chainmail.sqlite").path
        let store = try SQLiteAccountStore(path: database)
        engine = AccountEngine(
            store: store,
            signer: try LocalSigner(dataDirectory: directory.path, predecessor: "chainmail.testnet"),
            now: { now }
        )
        let accounts = try StrictJSONParser().parse([UInt8](try Data(contentsOf: folder.appendingPathComponent("accounts.json"))))
        for account in accounts.arrayValue ?? [] {
            let identities = try (account["authIdentities"]?.arrayValue ?? []).map { try AuthIdentity(json: $0) }
            _ = try await engine.createAccount(id: account["accountId"]!.stringValue!, identities: identities)
        }
        ledger = try SQLiteMailLedger(sharing: store)
        pipeline = MailPipeline(
            engine: engine,
            keyResolver: try StaticKeyResolver(fakeDNSFile: folder.appendingPathComponent("dns.txt").path),
            ledger: ledger,
            serviceAddress: "wallet@chainmail.test",
            now: { now }
        )
    }

    func removeFiles() {
        try? FileManager.default.removeItem(at: directory)
    }

    static func mail(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: emails.appendingPathComponent(name)))
    }

    struct Expected: Decodable {
        let status: String
        let reason: String?
        let txHash: String?
    }

    static let expected: [String: Expected] = {
        guard let data = try? Data(contentsOf: emails.appendingPathComponent("expected.json")) else { return [:] }
        return (try? JSONDecoder().decode([String: Expected].self, from: data)) ?? [:]
    }()
}
