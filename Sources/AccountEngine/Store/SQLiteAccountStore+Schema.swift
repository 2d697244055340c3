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
        migrator.registerMigration("v2: OIDC issuer keys, WebAuthn sign counters") { db in
            try db.execute(
                sql: """
                    CREATE TABLE oidc_keys (
                        issuer TEXT NOT NULL,
                        kid TEXT NOT NULL,
                        jwk_json TEXT NOT NULL,
                        source TEXT NOT NULL CHECK (source IN ('jwks_url', 'jwks_file', 'operator')),
                        recorded_at REAL NOT NULL,
                        PRIMARY KEY (issuer, kid)
                    ) STRICT;
                    CREATE TABLE webauthn_sign_counts (
                        credential TEXT PRIMARY KEY NOT NULL,
                        sign_count INTEGER NOT NULL CHECK (sign_count > 0 AND sign_count <= 4294967295),
                        updated_at REAL NOT NULL
                    ) STRICT;
                    """
            )
        }
        migrator.registerMigration("v3: accepted email signatures") { db in
            try db.execute(
                sql: """
                    CREATE TABLE accepted_email_signatures (
                        dkim_signature TEXT PRIMARY KEY NOT NULL,
                        tx_hash TEXT NOT NULL,
                        redelivery_key TEXT,
                        accepted_at REAL NOT NULL
                    ) STRICT;
                    """
            )
        }
        return migrator
    }
}
