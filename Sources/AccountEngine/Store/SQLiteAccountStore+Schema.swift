import GRDB

extension SQLiteAccountStore {
    /// The names of the store's migrations in order (`chainmail store migrate` refuses a file that
    /// records others: a newer chainmail wrote it).
    package static var migrationIdentifiers: [String] { migrator.migrations }

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
        migrator.registerMigration("v4: consents, proofs kept with pending transactions, identities matched by key") { db in
            try db.execute(
                sql: """
                    CREATE TABLE pending_transactions (
                        tx_hash TEXT PRIMARY KEY NOT NULL,
                        account_id TEXT NOT NULL,
                        transaction_json TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        expires_at REAL NOT NULL
                    ) STRICT;
                    CREATE INDEX pending_transactions_by_expiry ON pending_transactions(expires_at);
                    CREATE TABLE pending_proofs (
                        tx_hash TEXT NOT NULL REFERENCES pending_transactions(tx_hash) ON DELETE CASCADE,
                        match_key TEXT NOT NULL,
                        role TEXT NOT NULL CHECK (role IN ('authority', 'consent')),
                        identity_key TEXT NOT NULL,
                        auth_target_key TEXT,
                        evidence_json TEXT NOT NULL,
                        recorded_at REAL NOT NULL,
                        PRIMARY KEY (tx_hash, match_key, role)
                    ) STRICT;
                    CREATE TABLE identity_consents (
                        account_id TEXT NOT NULL,
                        match_key TEXT NOT NULL,
                        tx_hash TEXT NOT NULL,
                        consented_at REAL NOT NULL,
                        PRIMARY KEY (account_id, match_key, tx_hash)
                    ) STRICT;
                    ALTER TABLE account_identities ADD COLUMN match_key TEXT;
                    """
            )
            // Identities are equal by match key (a WebAuthn identity by its public key alone), and
            // so are passkey sign counters, which were kept per canonical key: the highest wins.
            let identities = try Row.fetchAll(db, sql: "SELECT account_id, identity_key FROM account_identities")
            for row in identities {
                let identity = try AuthIdentity(storedJSONText: row["identity_key"])
                try db.execute(
                    sql: "UPDATE account_identities SET match_key = ? WHERE account_id = ? AND identity_key = ?",
                    arguments: [identity.matchKey, row["account_id"] as String, row["identity_key"] as String]
                )
            }
            // One passkey under two keyIds was two identities before; now it is one. The first kept.
            try db.execute(
                sql: """
                    DELETE FROM account_identities WHERE rowid NOT IN (
                        SELECT rowid FROM account_identities a WHERE position = (
                            SELECT MIN(position) FROM account_identities b WHERE b.account_id = a.account_id AND b.match_key = a.match_key
                        )
                    );
                    CREATE UNIQUE INDEX account_identities_by_match_key ON account_identities(match_key, account_id);
                    CREATE TABLE webauthn_counters (
                        match_key TEXT PRIMARY KEY NOT NULL,
                        sign_count INTEGER NOT NULL CHECK (sign_count > 0 AND sign_count <= 4294967295),
                        updated_at REAL NOT NULL
                    ) STRICT;
                    """
            )
            let counters = try Row.fetchAll(db, sql: "SELECT credential, sign_count, updated_at FROM webauthn_sign_counts")
            for row in counters {
                let credential: String = row["credential"]
                let matchKey = (try? AuthIdentity(storedJSONText: credential).matchKey) ?? credential
                try db.execute(
                    sql: """
                        INSERT INTO webauthn_counters (match_key, sign_count, updated_at) VALUES (?, ?, ?)
                        ON CONFLICT (match_key) DO UPDATE SET sign_count = max(sign_count, excluded.sign_count)
                        """,
                    arguments: [matchKey, row["sign_count"] as Int64, row["updated_at"] as Double]
                )
            }
            try db.execute(sql: "DROP TABLE webauthn_sign_counts")
        }
        migrator.registerMigration("v5: transactions signing through a remote signer") { db in
            try db.execute(
                sql: """
                    ALTER TABLE transactions ADD COLUMN signing_json TEXT;
                    ALTER TABLE transactions ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE transactions ADD COLUMN retry_at REAL;
                    ALTER TABLE transactions ADD COLUMN error_code TEXT;
                    ALTER TABLE transactions ADD COLUMN error_message TEXT;
                    CREATE INDEX transactions_signing_by_retry ON transactions(retry_at) WHERE status = 'signing';
                    """
            )
        }
        migrator.registerMigration("v6: signed chain transactions to send (PROTOCOL.md section 8.4)") { db in
            try db.execute(
                sql: """
                    CREATE TABLE broadcasts (
                        tx_hash TEXT NOT NULL,
                        action_index INTEGER NOT NULL CHECK (action_index >= 0),
                        chain_id INTEGER NOT NULL CHECK (chain_id > 0),
                        signed_transaction BLOB NOT NULL,
                        transaction_hash TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('pending', 'submitted', 'confirmed', 'reverted', 'failed')),
                        block_number INTEGER,
                        error TEXT,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        due_at REAL,
                        recorded_at REAL NOT NULL,
                        PRIMARY KEY (tx_hash, action_index)
                    ) STRICT;
                    CREATE INDEX broadcasts_due ON broadcasts(due_at) WHERE due_at IS NOT NULL;
                    ALTER TABLE transactions ADD COLUMN transaction_json TEXT;
                    """
            )
        }
        migrator.registerMigration("v7: service metadata (the root public key every instance signs with)") { db in
            try db.execute(
                sql: """
                    CREATE TABLE service_metadata (
                        name TEXT PRIMARY KEY NOT NULL,
                        value BLOB NOT NULL,
                        recorded_at REAL NOT NULL
                    ) STRICT;
                    """
            )
        }
        return migrator
    }
}
