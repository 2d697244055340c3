import GRDB

extension SQLiteAccountStore {
    /// Versioned schema. Never edit a registered migration: add the next one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: accounts, identities, nonces, transactions") { db in
            // Kept after DeleteAccount, so a re-created account continues from it.
            try db.execute(
                sql: """
                    CREATE TABLE account_nonces (
                        account_id TEXT PRIMARY KEY NOT NULL,
                        next_nonce INTEGER NOT NULL CHECK (next_nonce >= 0)
                    ) STRICT;
                    CREATE TABLE accounts (
                        account_id TEXT PRIMARY KEY NOT NULL REFERENCES account_nonces(account_id),
                        created_at REAL NOT NULL
                    ) STRICT;
                    CREATE TABLE account_identities (
                        account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        identity_key TEXT NOT NULL,
                        PRIMARY KEY (account_id, identity_key)
                    ) STRICT;
                    CREATE INDEX account_identities_by_identity ON account_identities(identity_key, account_id);
                    CREATE TABLE transactions (
                        tx_hash TEXT PRIMARY KEY NOT NULL,
                        account_id TEXT NOT NULL,
                        nonce INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        result_json TEXT,
                        recorded_at REAL NOT NULL
                    ) STRICT;
                    """
            )
        }
        return migrator
    }
}
