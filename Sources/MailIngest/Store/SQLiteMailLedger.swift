import AccountEngine
import Foundation
import GRDB

/// The mail ledger, outbox and mailbox checkpoints in SQLite, in the same database file as the
/// accounts, on the account store's connections (its own migrations, tables prefixed by concern).
public final class SQLiteMailLedger: Sendable {
    let database: any DatabaseWriter

    /// The mail tables in the account store's own database, on its connections: one writer for
    /// both concerns, so neither's commit empties the other's page cache.
    public init(sharing store: SQLiteAccountStore) throws {
        try Self.migrator.migrate(store.database)
        database = store.database
    }

    public func recordsCommits(of store: any AccountStore) -> Bool {
        guard let store = store as? SQLiteAccountStore else { return false }
        return store.database === database
    }

    /// A private in-memory ledger (tests).
    public init() throws {
        let queue = try DatabaseQueue()
        try Self.migrator.migrate(queue)
        database = queue
    }

    /// The names of the ledger's migrations in order, kept in the same `grdb_migrations` table as
    /// the account store's (`chainmail store migrate` refuses a file that records others).
    package static var migrationIdentifiers: [String] { migrator.migrations }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("mail v1: outcomes, refusals, prepared transactions, outbox, checkpoints") { db in
            try db.execute(
                sql: """
                    CREATE TABLE mail_outcomes (
                        redelivery_key TEXT PRIMARY KEY NOT NULL,
                        outcome_json TEXT NOT NULL,
                        recorded_at REAL NOT NULL
                    );
                    CREATE TABLE transaction_rejections (
                        tx_hash TEXT NOT NULL,
                        code TEXT NOT NULL,
                        message TEXT NOT NULL,
                        recorded_at REAL NOT NULL
                    );
                    CREATE INDEX transaction_rejections_by_hash ON transaction_rejections (tx_hash, recorded_at);
                    CREATE TABLE prepared_transactions (
                        tx_hash TEXT PRIMARY KEY NOT NULL,
                        transaction_json TEXT NOT NULL,
                        prepared_at REAL NOT NULL
                    );
                    CREATE TABLE mail_outbox (
                        id TEXT PRIMARY KEY NOT NULL,
                        envelope_from TEXT NOT NULL,
                        envelope_to TEXT NOT NULL,
                        data BLOB NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        state TEXT NOT NULL DEFAULT 'pending',
                        next_attempt_at REAL NOT NULL,
                        last_error TEXT,
                        created_at REAL NOT NULL
                    );
                    CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_at);
                    CREATE TABLE mailbox_checkpoints (
                        mailbox TEXT NOT NULL,
                        uid_validity INTEGER NOT NULL,
                        last_handled_uid INTEGER NOT NULL,
                        PRIMARY KEY (mailbox, uid_validity)
                    );
                    """
            )
        }
        migrator.registerMigration("mail v2: prepared transactions kept by the engine") { db in
            // The engine keeps prepared transactions with their proofs (PROTOCOL.md section 4.1);
            // those prepared before move there, with the engine's default lifetime from now.
            if try db.tableExists("pending_transactions") {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO pending_transactions (tx_hash, account_id, transaction_json, created_at, expires_at)
                        SELECT tx_hash, json_extract(transaction_json, '$.accountId'), transaction_json, prepared_at, ?
                        FROM prepared_transactions WHERE json_valid(transaction_json)
                        """,
                    arguments: [Date().timeIntervalSince1970 + AccountEngine.defaultPendingLifetime]
                )
            }
            try db.execute(sql: "DROP TABLE prepared_transactions")
        }
        migrator.registerMigration("mail v3: attempts at handling mailbox messages") { db in
            try db.execute(
                sql: """
                    CREATE TABLE mailbox_attempts (
                        mailbox TEXT NOT NULL,
                        uid_validity INTEGER NOT NULL,
                        uid INTEGER NOT NULL,
                        attempts INTEGER NOT NULL,
                        PRIMARY KEY (mailbox, uid_validity, uid)
                    );
                    """
            )
        }
        migrator.registerMigration("mail v4: mailbox messages left for later") { db in
            try db.execute(
                sql: """
                    CREATE TABLE mail_deferrals (
                        redelivery_key TEXT PRIMARY KEY NOT NULL,
                        first_deferred_at REAL NOT NULL,
                        attempts INTEGER NOT NULL,
                        next_attempt_at REAL NOT NULL,
                        reason TEXT NOT NULL,
                        notice_sent INTEGER NOT NULL DEFAULT 0
                    );
                    """
            )
        }
        migrator.registerMigration("mail v5: replies awaiting a signing transaction's end") { db in
            try db.execute(
                sql: """
                    CREATE TABLE mail_awaiting_replies (
                        tx_hash TEXT NOT NULL,
                        reply_json TEXT NOT NULL,
                        recorded_at REAL NOT NULL
                    );
                    CREATE INDEX mail_awaiting_replies_by_hash ON mail_awaiting_replies (tx_hash);
                    """
            )
        }
        migrator.registerMigration("mail v6: second replies awaiting a sent chain transaction's end") { db in
            try db.execute(
                sql: """
                    CREATE TABLE mail_broadcast_replies (
                        tx_hash TEXT NOT NULL,
                        action_index INTEGER NOT NULL,
                        reply_json TEXT NOT NULL,
                        recorded_at REAL NOT NULL,
                        PRIMARY KEY (tx_hash, action_index)
                    );
                    """
            )
        }
        return migrator
    }
}
