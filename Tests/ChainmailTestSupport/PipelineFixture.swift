import AccountEngine
import ByteEncoding
import ChainSigner
import DKIMVerifier
import Foundation
import MailIngest

/// A real pipeline on a fresh store (a SQLite file by default, or a fresh database of the test
/// process's PostgreSQL cluster): accounts, keys and clock from a fixture folder (testdata/emails by
/// default), the local signer in a temporary folder, or on the folder's signer-root.hex when it has
/// one.
public struct PipelineFixture: Sendable {
    public static let testdata = PackagePaths.root.appendingPathComponent("testdata")
    public static let emails = testdata.appendingPathComponent("emails")
    /// testdata/consent (scripts/make-consent-fixtures.py): consent of added identities (section
    /// 4.1) by mail, and the identity theft of issue 10, replayed with `--service-address`.
    public static let consent = testdata.appendingPathComponent("consent")
    public static let consentServiceAddress = "wallet@chainmail.test"

    public let directory: URL
    public let engine: AccountEngine
    public let ledger: any Ledger
    public let pipeline: MailPipeline
    public let now: Date

    public init(folder: URL = emails, requiresServiceRecipient: Bool = true, store kind: Store = .sqlite) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let seconds = try String(contentsOf: folder.appendingPathComponent("now"), encoding: .utf8)
        let now = Date(timeIntervalSince1970: TimeInterval(Int64(seconds.trimmingCharacters(in: .whitespacesAndNewlines))!))
        self.now = now
        let store: any AccountStore
        (store, ledger) = try await kind.open(in: directory)
        // A folder's signer-root.hex fixes the root its `from` addresses were derived from.
        let rootFile = folder.appendingPathComponent("signer-root.hex")
        let signer =
            if let root = try? String(contentsOf: rootFile, encoding: .utf8),
                let secret = [UInt8](hex: root.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                try LocalSigner(rootSecret: secret, predecessor: "chainmail.testnet")
            } else {
                try LocalSigner(dataDirectory: directory.path, predecessor: "chainmail.testnet")
            }
        engine = AccountEngine(store: store, signer: signer, now: { now })
        let accounts = try StrictJSONParser().parse([UInt8](try Data(contentsOf: folder.appendingPathComponent("accounts.json"))))
        for account in accounts.arrayValue ?? [] {
            let identities = try (account["authIdentities"]?.arrayValue ?? []).map { try AuthIdentity(json: $0) }
            _ = try await engine.createAccount(id: account["accountId"]!.stringValue!, identities: identities)
        }
        pipeline = MailPipeline(
            engine: engine,
            keyResolver: try StaticKeyResolver(fakeDNSFile: folder.appendingPathComponent("dns.txt").path),
            ledger: ledger,
            serviceAddress: "wallet@chainmail.test",
            requiresServiceRecipient: requiresServiceRecipient,
            now: { now }
        )
    }

    public func removeFiles() {
        try? FileManager.default.removeItem(at: directory)
    }

    public static func mail(_ name: String, in folder: URL = emails) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    /// One entry of a folder's expected.json: `{"status","reason","txHash","missing"?,"note"}`.
    public struct Expected: Sendable {
        public let status: String
        public let reason: String?
        public let txHash: String?
        /// For `awaiting_proofs`: the identities whose consent is awaited, as canonical JSON text.
        public let missing: [String]?

        public init(_ json: JSONValue) {
            status = json["status"]?.stringValue ?? ""
            reason = json["reason"]?.stringValue
            txHash = json["txHash"]?.stringValue
            missing = json["missing"]?.arrayValue.map { $0.map(\.canonicalText) }
        }
    }

    public static func expected(in folder: URL) -> [String: Expected] {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("expected.json")),
            let json = try? StrictJSONParser().parse([UInt8](data)), let object = json.objectValue
        else { return [:] }
        var expected: [String: Expected] = [:]
        for member in object.members { expected[member.key] = Expected(member.value) }
        return expected
    }

    public static let expected = expected(in: emails)
}
