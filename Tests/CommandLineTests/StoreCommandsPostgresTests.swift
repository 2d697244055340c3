import AccountEngine
import ChainmailTestSupport
import Foundation
import PostgresStore
import Testing

/// The operator's store commands (`account`, `audit`, `oidc keys`) given a configuration with
/// `store.kind: postgres` work on the database the instances share, as `serve` does: an account
/// created from the command line is the one every instance serves, never a row in a data
/// directory's SQLite file that no instance reads.
@Suite("account, audit and oidc keys on the configured PostgreSQL store", .timeLimit(.minutes(5)))
struct StoreCommandsPostgresTests {
    @Test("account create with a postgres configuration writes to the shared database, and account show reads it there")
    func accountCommandsUseTheSharedDatabase() async throws {
        let folder = try WorkFolder("chainmail-store-commands")
        let (database, config) = try await Self.setUp(folder)
        let identity = try await PeerWallet.make().identity

        try await ChainmailExecutable.check(["account", "create", "--id", "alice", "--identity", identity.json.compactText, "--config", config])

        let store = try await PostgresAccountStore(configuration: try database.storeConfiguration())
        let stored = try #require(try await store.account(id: "alice"), "the account is in the database")
        await store.close()
        #expect(stored.nonce == 0)
        #expect(stored.authIdentities == [identity])
        #expect(!FileManager.default.fileExists(atPath: folder.path("cli/accounts.sqlite")), "no SQLite store in the data directory")

        let shown = try await ChainmailExecutable.check(["account", "show", "alice", "--json", "--config", config])
        #expect(shown.contains(#""accountId":"alice""#), "\(shown)")
        let missing = try await ChainmailExecutable.run(["account", "show", "bob", "--json", "--config", config])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains(#""code":"account_not_found""#), "\(missing.stderr)")
    }

    @Test("audit and oidc keys import, list and remove with a postgres configuration act on the shared database")
    func auditAndOIDCKeysUseTheSharedDatabase() async throws {
        let folder = try WorkFolder("chainmail-store-commands")
        let (database, config) = try await Self.setUp(folder)
        let vectors = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: PackagePaths.vectors.appendingPathComponent("oidc.json"))) as? [String: Any]
        )
        let issuer = try #require(vectors["issuer"] as? String)
        let jwks = try folder.write("jwks.json", String(decoding: try JSONSerialization.data(withJSONObject: vectors["jwks"] as Any), as: UTF8.self))

        let audit = try await ChainmailExecutable.check(["audit", "--config", config])
        #expect(audit.contains("0 identities to review"), "\(audit)")

        try await ChainmailExecutable.check(["oidc", "keys", "import", "--issuer", issuer, "--jwks", jwks, "--config", config])
        let store = try await PostgresAccountStore(configuration: try database.storeConfiguration())
        let stored = try await store.oidcKeys(issuer: issuer).map(\.kid).sorted()
        #expect(stored == ["test-key-1", "test-key-ec-1"], "the keys are in the database")
        let listed = try await ChainmailExecutable.check(["oidc", "keys", "list", "--config", config])
        #expect(listed.contains(#""kid":"test-key-1""#), "\(listed)")

        try await ChainmailExecutable.check(["oidc", "keys", "remove", "--issuer", issuer, "--kid", "test-key-1", "--config", config])
        #expect(try await store.oidcKeys(issuer: issuer).map(\.kid) == ["test-key-ec-1"])
        await store.close()
    }

    @Test("a postgres configuration without passwordFile connects with $PGPASSWORD")
    func passwordFromEnvironment() async throws {
        let folder = try WorkFolder("chainmail-store-commands")
        let database = try await PostgresPeer.shared().makeDatabase()
        try await ChainmailExecutable.check(["init", "--data-dir", folder.path("keys")])
        let config = try ServePostgresStoreTests.Instance.writeConfig(
            folder,
            "cli",
            store: """
                store:
                  kind: postgres
                  url: "\(database.url)"
                  tls: disable
                """,
            rootKeyFile: folder.path("keys/signer/root.key")
        )
        let password = try database.password()
        let environment = ProcessInfo.processInfo.environment.merging(["PGPASSWORD": password]) { _, new in new }
        let identity = try await PeerWallet.make().identity.json.compactText

        let created = try await ChainmailExecutable.run(
            ["account", "create", "--id", "alice", "--identity", identity, "--config", config],
            environment: environment
        )
        #expect(created.status == 0, "\(created.stderr)")
        let store = try await PostgresAccountStore(configuration: try database.storeConfiguration())
        #expect(try await store.account(id: "alice")?.nonce == 0, "the account is in the database")
        await store.close()
    }

    @Test(
        "init with a postgres configuration and a rootKeyFile makes the schema and records that root, with no SQLite file or second root; another root is refused"
    )
    func initPreparesTheSharedStore() async throws {
        let folder = try WorkFolder("chainmail-store-commands")
        let (database, config) = try await Self.setUp(folder)
        let keys = try await ChainmailExecutable.check(["signer", "show", "--json", "--data-dir", folder.path("keys")])
        let root = try #require(keys.components(separatedBy: #""rootPublicKey":""#).last?.prefix(66))

        let initialised = try await ChainmailExecutable.check(["init", "--config", config, "--json"])
        #expect(initialised.contains(#""rootPublicKey":"\#(root)""#), "\(initialised)")
        #expect(initialised.contains(#""created":true"#) && initialised.contains(#""store":"postgres""#), "\(initialised)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("cli/accounts.sqlite")), "no SQLite store")
        #expect(!FileManager.default.fileExists(atPath: folder.path("cli/signer/root.key")), "no second root key")
        let store = try await PostgresAccountStore(configuration: try database.storeConfiguration())
        let recorded = try await store.recordRootPublicKey(Array(repeating: 2, count: 33))
        await store.close()
        #expect(recorded.map { String(format: "%02x", $0) }.joined() == String(root), "the store records the configured root")

        try await ChainmailExecutable.check(["init", "--data-dir", folder.path("other-keys")])
        let other = try Self.writeConfig(folder, "other", database, rootKeyFile: folder.path("other-keys/signer/root.key"))
        let refused = try await ChainmailExecutable.run(["init", "--config", other])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("chainmail: signer_root_key_mismatch: "), "\(refused.stderr)")
        #expect(refused.stderr.contains("is not the one the store records, secp256k1:"), "\(refused.stderr)")

        let missing = try Self.writeConfig(folder, "missing", database, rootKeyFile: folder.path("nowhere/root.key"))
        let noKey = try await ChainmailExecutable.run(["init", "--config", missing])
        #expect(noKey.stderr.hasPrefix("chainmail: root_key_missing: "), "\(noKey.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("missing")), "nothing made")
    }

    /// A fresh database and a configuration naming it, with one rootKeyFile for the signer.
    private static func setUp(_ folder: borrowing WorkFolder) async throws -> (PostgresPeer.Database, String) {
        let database = try await PostgresPeer.shared().makeDatabase()
        try await ChainmailExecutable.check(["init", "--data-dir", folder.path("keys")])
        return (database, try writeConfig(folder, "cli", database, rootKeyFile: folder.path("keys/signer/root.key")))
    }

    /// The configuration `name.yaml` of the data directory `name`, on `database` with `rootKeyFile`.
    private static func writeConfig(
        _ folder: borrowing WorkFolder,
        _ name: String,
        _ database: PostgresPeer.Database,
        rootKeyFile: String
    ) throws -> String {
        try ServePostgresStoreTests.Instance.writeConfig(
            folder,
            name,
            store: ServePostgresStoreTests.postgresStore(database),
            rootKeyFile: rootKeyFile
        )
    }
}
