import AccountEngine
import ChainSigner
import ChainmailTestSupport
import Foundation
import GRDB
import PostgresStore
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `chainmail store migrate --from sqlite:PATH --to postgres:URL` as an operator runs it: a SQLite
/// store filled through AccountEngine and the mail ledger, copied into a fresh database of the test
/// cluster (scripts/peers/postgres.sh) and used there; and every refusal leaving the target as it was.
@Suite("chainmail store migrate: a SQLite store copied into PostgreSQL, checked, or refused with nothing written", .timeLimit(.minutes(5)))
struct StoreMigrateTests {
    @Test("a populated SQLite store is copied whole: accounts, identities, nonces, transactions and mail rows, and PG executes on from there")
    func copiesAPopulatedStore() async throws {
        let folder = try WorkFolder("chainmail-store-migrate")
        let source = try await MigrationSource.make(in: folder.path("data"))
        let database = try await PostgresPeer.shared().makeDatabase()

        let run = try await Self.migrate(source.directory, to: database)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("account_nonces: 3 rows (SQLite 3, PostgreSQL 3)"), "\(run.stdout)")
        #expect(lines.contains("accounts: 2 rows (SQLite 2, PostgreSQL 2)"), "\(run.stdout)")
        #expect(lines.contains("account_identities: 3 rows (SQLite 3, PostgreSQL 3)"), "\(run.stdout)")
        #expect(lines.contains("transactions: 5 rows (SQLite 5, PostgreSQL 5)"), "\(run.stdout)")
        #expect(lines.contains("mail_outbox: 2 rows (SQLite 2, PostgreSQL 2)"), "\(run.stdout)")
        #expect(lines.last == "migrated 2 accounts, 5 transactions to \(database.url) (checked: counts and nonces)", "\(run.stdout)")

        let store = try await PostgresAccountStore(configuration: try Self.configuration(database))
        let alice = try #require(try await store.account(id: "alice"))
        #expect(alice.nonce == 2)
        #expect(alice.authIdentities == [try source.wallet.identity, try source.second.identity], "identities in their order")
        #expect(try await store.account(id: "bob")?.nonce == 1)
        #expect(try await store.account(id: "gone") == nil, "the deleted account stays deleted")
        #expect(try await store.accounts(holding: try source.second.identity).map(\.accountId) == ["alice"])
        for result in source.executed {
            let copied = try await store.executedTransaction(txHash: result.txHash)
            #expect(copied?.accountId == result.accountId && copied?.nonce == result.nonce - 1, "\(result.txHash)")
        }

        // The mail ledger's rows, with their types converted: BLOB bytes, 0/1 as a boolean, the order kept.
        #expect(
            try await Self.query(database, "SELECT outcome_json LIKE '%nonce_mismatch%' FROM mail_outcomes WHERE redelivery_key = 'INBOX:1:7'") == "t"
        )
        #expect(try await Self.query(database, "SELECT code, tx_hash FROM transaction_rejections") == "nonce_mismatch|\(source.executed[0].txHash)")
        let replyBytes = Data(MigrationSource.reply.data).map { String(format: "%02x", $0) }.joined()
        #expect(
            try await Self.query(database, "SELECT encode(data, 'hex'), replace(envelope_to, E'\\n', ',') FROM mail_outbox WHERE id = 'reply-7'")
                == "\(replyBytes)|alice@example.com,audit@example.com"
        )
        #expect(try await Self.query(database, "SELECT notice_sent, attempts, reason FROM mail_deferrals") == "t|1|dkim_key_lookup_failed")
        #expect(try await Self.query(database, "SELECT mailbox, uid_validity, last_handled_uid FROM mailbox_checkpoints") == "INBOX|1|8")
        // A refusal recorded on PostgreSQL from now on comes after the copied one.
        #expect(
            try await Self.query(
                database,
                "INSERT INTO transaction_rejections (tx_hash, code, message, recorded_at) VALUES ('later', 'x', 'y', 0) RETURNING seq > (SELECT MIN(seq) FROM transaction_rejections)"
            ) == "t"
        )

        // On PostgreSQL, the next nonce executes and an old one is refused.
        let engine = AccountEngine(store: store, signer: try LocalSigner(existingIn: source.directory, predecessor: MigrationSource.predecessor))
        let next = try await source.wallet.executeArgs(TransactionText.make("alice", nonce: 2, [TransactionText.callChainSig(path: "ethereum,3")]))
        #expect(try await engine.execute(next).nonce == 3, "executed at nonce 2, the account's next is 3")
        let stale = try await source.wallet.executeArgs(TransactionText.make("alice", nonce: 1, [TransactionText.callChainSig(path: "ethereum,4")]))
        let refused = await #expect(throws: EngineError.self) { try await engine.execute(stale) }
        #expect(refused?.errorCode == .nonceMismatch)
        // The deleted account's nonce came along: created again, it continues from 2.
        #expect(try await engine.createAccount(id: "gone", identity: try source.wallet.identity).nonce == 2)
    }

    @Test(
        "to a TLS-only server: --tls verify-full --ca-file its CA copies the store; --ca-file with --tls require is invalid_configuration, a missing one tls_ca_file_unreadable"
    )
    func migratesOverTLSWithCAFile() async throws {
        let peer = try await PostgresPeer.start(tls: true)
        do {
            try await migratesOverTLS(to: peer)
        } catch {
            await peer.cleanUp()
            throw error
        }
        await peer.cleanUp()
    }

    private func migratesOverTLS(to peer: PostgresPeer) async throws {
        let folder = try WorkFolder("chainmail-store-migrate")
        let source = try await MigrationSource.make(in: folder.path("data"))
        let caFile = try #require(peer.caFile)
        let missing = folder.path("missing.pem")
        let database = try await peer.makeDatabase()
        func migrate(tls: String, caFile: String) async throws -> ChainmailExecutable.Run {
            try await ChainmailExecutable.run([
                "store", "migrate", "--from", "sqlite:\(source.directory)", "--to", "postgres:\(database.url)", "--password-file",
                database.passwordFile, "--tls", tls, "--ca-file", caFile,
            ])
        }

        let misplaced = try await migrate(tls: "require", caFile: caFile)
        #expect(misplaced.status == 1)
        #expect(
            misplaced.stderr.hasPrefix("chainmail: invalid_configuration: a CA file (\(caFile)) is used only with tls verify-full"),
            "\(misplaced.stderr)"
        )
        let unreadable = try await migrate(tls: "verify-full", caFile: missing)
        #expect(unreadable.status == 1)
        #expect(unreadable.stderr.hasPrefix("chainmail: tls_ca_file_unreadable: cannot read the CA file \(missing)"), "\(unreadable.stderr)")

        let run = try await migrate(tls: "verify-full", caFile: caFile)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasSuffix("migrated 2 accounts, 5 transactions to \(database.url) (checked: counts and nonces)\n"), "\(run.stdout)")
        let copied = try await peer.psql("SELECT COUNT(*) FROM transactions", database: database.name)
        #expect(copied.trimmingCharacters(in: .whitespacesAndNewlines) == "5")
    }

    @Test("without --password-file the password in the --to URL, else $PGPASSWORD, is used; the URL is printed without it; both at once are refused")
    func passwordFromURLOrEnvironment() async throws {
        let folder = try WorkFolder("chainmail-store-migrate")
        let source = try await MigrationSource.make(in: folder.path("data"))
        let inURL = try await PostgresPeer.shared().makeDatabase()
        let inEnvironment = try await PostgresPeer.shared().makeDatabase()
        let password = try inURL.password()
        var components = try #require(URLComponents(string: inURL.url))
        components.password = password
        let urlWithPassword = try #require(components.string)
        let migrate = ["store", "migrate", "--from", "sqlite:\(source.directory)", "--tls", "disable", "--to"]

        let both = try await ChainmailExecutable.run(migrate + ["postgres:\(urlWithPassword)", "--password-file", inURL.passwordFile])
        #expect(both.status == 1)
        #expect(both.stderr.hasPrefix("chainmail: invalid_configuration: --to holds a password and --password-file names another"), "\(both.stderr)")

        let fromURL = try await ChainmailExecutable.run(migrate + ["postgres:\(urlWithPassword)"])
        #expect(fromURL.status == 0, "\(fromURL.stderr)")
        #expect(fromURL.stdout.hasSuffix("to \(inURL.url) (checked: counts and nonces)\n"), "\(fromURL.stdout)")
        #expect(!fromURL.stdout.contains(password) && !fromURL.stderr.contains(password), "the password is never printed")

        let environment = ProcessInfo.processInfo.environment.merging(["PGPASSWORD": password]) { _, new in new }
        let fromEnvironment = try await ChainmailExecutable.run(migrate + ["postgres:\(inEnvironment.url)"], environment: environment)
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        #expect(try await Self.query(inEnvironment, "SELECT COUNT(*) FROM accounts") == "2")
    }

    @Test("a target that already holds chainmail rows is refused with store_migrate_target_not_empty, and keeps exactly what it held")
    func nonEmptyTargetRefused() async throws {
        let folder = try WorkFolder("chainmail-store-migrate")
        let source = try await MigrationSource.make(in: folder.path("data"))
        let database = try await PostgresPeer.shared().makeDatabase()
        let store = try await PostgresAccountStore(configuration: try Self.configuration(database))
        _ = try await store.createAccount(id: "zed", identities: [try source.wallet.identity])

        let run = try await Self.migrate(source.directory, to: database)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("chainmail: store_migrate_target_not_empty: "), "\(run.stderr)")
        #expect(run.stderr.contains("account_nonces, accounts, account_identities"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(try await Self.query(database, "SELECT string_agg(account_id, ',') FROM account_nonces") == "zed")
        #expect(try await Self.query(database, "SELECT COUNT(*) FROM transactions") == "0")
        #expect(try await Self.query(database, "SELECT COUNT(*) FROM mail_outbox") == "0")

        // A second migration into a database the first one filled is refused the same way.
        let fresh = try await PostgresPeer.shared().makeDatabase()
        #expect(try await Self.migrate(source.directory, to: fresh).status == 0)
        let again = try await Self.migrate(source.directory, to: fresh)
        #expect(again.stderr.hasPrefix("chainmail: store_migrate_target_not_empty: "), "\(again.stderr)")
        #expect(try await Self.query(fresh, "SELECT COUNT(*) FROM transactions") == "5")
    }

    @Test(
        "a source that does not exist, or a data directory without accounts.sqlite, is refused with store_migrate_source_missing and nothing is written"
    )
    func missingSourceRefused() async throws {
        let folder = try WorkFolder("chainmail-store-migrate")
        let database = try await PostgresPeer.shared().makeDatabase()
        let missing = folder.path("nowhere/accounts.sqlite")
        let run = try await Self.migrate(missing, to: database)
        #expect(run.status == 1)
        #expect(run.stderr == "chainmail: store_migrate_source_missing: there is no SQLite store at \(missing)\n")

        try FileManager.default.createDirectory(atPath: folder.path("empty"), withIntermediateDirectories: true)
        let empty = try await Self.migrate(folder.path("empty"), to: database)
        #expect(empty.status == 1)
        #expect(empty.stderr == "chainmail: store_migrate_source_missing: \(folder.path("empty")) holds no accounts.sqlite\n")
        #expect(folder.contents(of: "empty").isEmpty, "no file made in the folder")
        #expect(try await Self.query(database, "SELECT to_regclass('accounts') IS NULL") == "t", "no schema made in the target")
    }

    @Test("a data directory a serve holds (its serve.lock) is refused with store_migrate_source_in_use, naming the pid, and nothing is written")
    func heldServeLockRefused() async throws {
        let folder = try WorkFolder("chainmail-store-migrate")
        let data = folder.path("data")
        try await ChainmailExecutable.check(["init", "--data-dir", data])
        let database = try await PostgresPeer.shared().makeDatabase()
        // Held as serve holds it: an exclusive flock on DATA/serve.lock, the holder's pid inside.
        let descriptor = open(data + "/serve.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        try #require(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        let pid = Array("\(getpid())\n".utf8)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }

        for path in [data, data + "/accounts.sqlite"] {
            let run = try await Self.migrate(path, to: database)
            #expect(run.status == 1, "\(path)")
            #expect(
                run.stderr.hasPrefix("chainmail: store_migrate_source_in_use: \(data) is in use by another chainmail serve (pid \(getpid()))"),
                "\(path): \(run.stderr)"
            )
        }
        #expect(try await Self.query(database, "SELECT to_regclass('accounts') IS NULL") == "t", "no schema made in the target")
    }

    @Test("a file that is not a chainmail store, or one a newer chainmail wrote, is refused with store_migrate_source_invalid")
    func invalidSourceRefused() async throws {
        let folder = try WorkFolder("chainmail-store-migrate")
        let database = try await PostgresPeer.shared().makeDatabase()
        let text = try folder.write("notes.txt", "not a database, at some length so SQLite reads a header of it\n")
        let notSQLite = try await Self.migrate(text, to: database)
        #expect(
            notSQLite.stderr.hasPrefix("chainmail: store_migrate_source_invalid: \(text) cannot be read as a SQLite database"),
            "\(notSQLite.stderr)"
        )

        let other = folder.path("other.sqlite")
        try await DatabaseQueue(path: other).write { db in try db.execute(sql: "CREATE TABLE things (name TEXT)") }
        let notChainmail = try await Self.migrate(other, to: database)
        #expect(
            notChainmail.stderr == "chainmail: store_migrate_source_invalid: \(other) is not a chainmail store (it records no chainmail schema)\n"
        )

        let data = folder.path("data")
        try await ChainmailExecutable.check(["init", "--data-dir", data])
        try await DatabaseQueue(path: data + "/accounts.sqlite").write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        }
        let newer = try await Self.migrate(data, to: database)
        #expect(newer.stderr.hasPrefix("chainmail: store_migrate_source_invalid: "), "\(newer.stderr)")
        #expect(newer.stderr.contains("was written by a newer chainmail"), "\(newer.stderr)")
        #expect(newer.stderr.contains(#""v99: from the future""#), "\(newer.stderr)")
        #expect(try await Self.query(database, "SELECT to_regclass('accounts') IS NULL") == "t", "no schema made in the target")
    }

    @Test("a source table or column the copy does not know is refused with store_migrate_unknown_table before anything is copied")
    func unknownTableRefused() async throws {
        let folder = try WorkFolder("chainmail-store-migrate")
        let data = folder.path("data")
        try await ChainmailExecutable.check(["init", "--data-dir", data])
        let store = try SQLiteAccountStore(path: data + "/accounts.sqlite")
        _ = try await store.createAccount(id: "alice", identities: [try AuthIdentity(.account("carol.testnet"))])
        try await DatabaseQueue(path: data + "/accounts.sqlite").write { db in
            try db.execute(sql: "CREATE TABLE later_things (name TEXT); ALTER TABLE accounts ADD COLUMN note TEXT")
        }
        let database = try await PostgresPeer.shared().makeDatabase()

        let run = try await Self.migrate(data, to: database)
        #expect(run.status == 1)
        #expect(
            run.stderr.hasPrefix("chainmail: store_migrate_unknown_table: the SQLite store has column accounts.note, table later_things,"),
            "\(run.stderr)"
        )
        #expect(try await Self.query(database, "SELECT COUNT(*) FROM accounts") == "0")
    }

    /// Runs the command from `path` (a data directory or a store file) into `database`.
    static func migrate(_ path: String, to database: PostgresPeer.Database) async throws -> ChainmailExecutable.Run {
        try await ChainmailExecutable.run([
            "store", "migrate", "--from", "sqlite:\(path)", "--to", "postgres:\(database.url)", "--password-file", database.passwordFile,
            "--tls", "disable",
        ])
    }

    /// One psql answer on `database`, unaligned (`a|b`), without its line end.
    static func query(_ database: PostgresPeer.Database, _ sql: String) async throws -> String {
        try await PostgresPeer.shared().psql(sql, database: database.name).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Plain TCP to the local cluster, the password read from its file.
    static func configuration(_ database: PostgresPeer.Database) throws -> PostgresAccountStore.Configuration {
        try database.storeConfiguration(poolSize: 4, timeout: .seconds(30))
    }
}
