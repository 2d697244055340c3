import AccountEngine
import Foundation
import PostgresNIO

extension PostgresAccountStore {
    /// One schema version: its statements run in the transaction that records it.
    struct Migration: Sendable {
        let version: Int64
        let name: String
        let statements: [String]
    }

    /// The advisory lock that migrations hold ("chainmai" in ASCII): one instance at a time.
    static let migrationLock: Int64 = 0x6368_6169_6e6d_6169

    /// Versioned schema. Never edit a registered migration: add the next one. Version 1 is the
    /// SQLite store's schema as of its v6, with PostgreSQL's types (times as seconds since 1970 in
    /// double precision, as SQLite keeps them, so dates read back exactly as they were written).
    /// Text that lists are ordered by compares byte by byte (`COLLATE "C"`), as SQLite's does,
    /// whatever the database's locale.
    static let migrations: [Migration] = [
        Migration(
            version: 1,
            name: "accounts, identities, nonces, transactions, proof state, pending transactions, OIDC keys, broadcasts",
            statements: [
                // Kept after DeleteAccount, so a re-created account continues from it.
                """
                CREATE TABLE account_nonces (
                    account_id TEXT COLLATE "C" PRIMARY KEY,
                    next_nonce BIGINT NOT NULL CHECK (next_nonce >= 0)
                )
                """,
                """
                CREATE TABLE accounts (
                    account_id TEXT COLLATE "C" PRIMARY KEY REFERENCES account_nonces(account_id),
                    created_at DOUBLE PRECISION NOT NULL
                )
                """,
                """
                CREATE TABLE account_identities (
                    account_id TEXT COLLATE "C" NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
                    position BIGINT NOT NULL,
                    identity_key TEXT NOT NULL,
                    match_key TEXT NOT NULL,
                    PRIMARY KEY (account_id, identity_key)
                )
                """,
                "CREATE UNIQUE INDEX account_identities_by_match_key ON account_identities (match_key, account_id)",
                """
                CREATE TABLE transactions (
                    tx_hash TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    nonce BIGINT NOT NULL,
                    status TEXT NOT NULL,
                    result_json TEXT,
                    recorded_at DOUBLE PRECISION NOT NULL,
                    signing_json TEXT,
                    attempts BIGINT NOT NULL DEFAULT 0,
                    retry_at DOUBLE PRECISION,
                    error_code TEXT,
                    error_message TEXT,
                    transaction_json TEXT
                )
                """,
                "CREATE INDEX transactions_signing_by_retry ON transactions (retry_at) WHERE status = 'signing'",
                """
                CREATE TABLE oidc_keys (
                    issuer TEXT COLLATE "C" NOT NULL,
                    kid TEXT COLLATE "C" NOT NULL,
                    jwk_json TEXT NOT NULL,
                    source TEXT NOT NULL CHECK (source IN ('jwks_url', 'jwks_file', 'operator')),
                    recorded_at DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (issuer, kid)
                )
                """,
                """
                CREATE TABLE webauthn_counters (
                    match_key TEXT PRIMARY KEY,
                    sign_count BIGINT NOT NULL CHECK (sign_count > 0 AND sign_count <= 4294967295),
                    updated_at DOUBLE PRECISION NOT NULL
                )
                """,
                """
                CREATE TABLE accepted_email_signatures (
                    dkim_signature TEXT PRIMARY KEY,
                    tx_hash TEXT NOT NULL,
                    redelivery_key TEXT,
                    accepted_at DOUBLE PRECISION NOT NULL
                )
                """,
                """
                CREATE TABLE pending_transactions (
                    tx_hash TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    transaction_json TEXT NOT NULL,
                    created_at DOUBLE PRECISION NOT NULL,
                    expires_at DOUBLE PRECISION NOT NULL
                )
                """,
                "CREATE INDEX pending_transactions_by_expiry ON pending_transactions (expires_at)",
                // `seq` orders proofs recorded in the same instant as they were kept (SQLite's rowid).
                """
                CREATE TABLE pending_proofs (
                    seq BIGSERIAL NOT NULL,
                    tx_hash TEXT NOT NULL REFERENCES pending_transactions(tx_hash) ON DELETE CASCADE,
                    match_key TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('authority', 'consent')),
                    identity_key TEXT NOT NULL,
                    auth_target_key TEXT,
                    evidence_json TEXT NOT NULL,
                    recorded_at DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (tx_hash, match_key, role)
                )
                """,
                """
                CREATE TABLE identity_consents (
                    account_id TEXT NOT NULL,
                    match_key TEXT NOT NULL,
                    tx_hash TEXT NOT NULL,
                    consented_at DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (account_id, match_key, tx_hash)
                )
                """,
                // `due_at` is when a broadcast is next due, or until when it is leased; NULL once final.
                """
                CREATE TABLE broadcasts (
                    seq BIGSERIAL NOT NULL,
                    tx_hash TEXT NOT NULL,
                    action_index BIGINT NOT NULL CHECK (action_index >= 0),
                    chain_id BIGINT NOT NULL CHECK (chain_id > 0),
                    signed_transaction BYTEA NOT NULL,
                    transaction_hash TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'submitted', 'confirmed', 'reverted', 'failed')),
                    block_number BIGINT,
                    error TEXT,
                    attempts BIGINT NOT NULL DEFAULT 0,
                    due_at DOUBLE PRECISION,
                    recorded_at DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (tx_hash, action_index)
                )
                """,
                "CREATE INDEX broadcasts_due ON broadcasts (due_at) WHERE due_at IS NOT NULL",
            ]
        ),
        // The SQLite store's v7.
        Migration(
            version: 2,
            name: "service metadata (the root public key every instance signs with)",
            statements: [
                """
                CREATE TABLE service_metadata (
                    name TEXT COLLATE "C" PRIMARY KEY,
                    value BYTEA NOT NULL,
                    recorded_at DOUBLE PRECISION NOT NULL
                )
                """
            ]
        ),
        // PostgreSQL only: on SQLite one process holds the file, and its leases live in memory.
        Migration(
            version: 3,
            name: "worker leases (which instance runs each background worker)",
            statements: [
                """
                CREATE TABLE worker_leases (
                    name TEXT COLLATE "C" PRIMARY KEY,
                    holder TEXT NOT NULL,
                    generation BIGINT NOT NULL CHECK (generation > 0),
                    expires_at TIMESTAMPTZ NOT NULL
                )
                """
            ]
        ),
        // The SQLite mail ledger's tables (MailIngest's "mail v1" to "mail v6"), with the same
        // columns, so a mail's record joins the commit of the execution it reports on either store.
        Migration(
            version: 4,
            name: "mail ledger: outcomes, refusals, outbox, mailbox checkpoints and attempts, deferrals, awaiting replies",
            statements: [
                """
                CREATE TABLE mail_outcomes (
                    redelivery_key TEXT PRIMARY KEY,
                    outcome_json TEXT NOT NULL,
                    recorded_at DOUBLE PRECISION NOT NULL
                )
                """,
                // `seq` orders refusals recorded in the same instant (SQLite's rowid).
                """
                CREATE TABLE transaction_rejections (
                    seq BIGSERIAL PRIMARY KEY,
                    tx_hash TEXT NOT NULL,
                    code TEXT NOT NULL,
                    message TEXT NOT NULL,
                    recorded_at DOUBLE PRECISION NOT NULL
                )
                """,
                "CREATE INDEX transaction_rejections_by_hash ON transaction_rejections (tx_hash, recorded_at)",
                """
                CREATE TABLE mail_outbox (
                    id TEXT PRIMARY KEY,
                    envelope_from TEXT NOT NULL,
                    envelope_to TEXT NOT NULL,
                    data BYTEA NOT NULL,
                    attempts BIGINT NOT NULL DEFAULT 0,
                    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'abandoned')),
                    next_attempt_at DOUBLE PRECISION NOT NULL,
                    last_error TEXT,
                    created_at DOUBLE PRECISION NOT NULL
                )
                """,
                "CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_at)",
                """
                CREATE TABLE mailbox_checkpoints (
                    mailbox TEXT NOT NULL,
                    uid_validity BIGINT NOT NULL,
                    last_handled_uid BIGINT NOT NULL,
                    PRIMARY KEY (mailbox, uid_validity)
                )
                """,
                """
                CREATE TABLE mailbox_attempts (
                    mailbox TEXT NOT NULL,
                    uid_validity BIGINT NOT NULL,
                    uid BIGINT NOT NULL,
                    attempts BIGINT NOT NULL,
                    PRIMARY KEY (mailbox, uid_validity, uid)
                )
                """,
                """
                CREATE TABLE mail_deferrals (
                    redelivery_key TEXT PRIMARY KEY,
                    first_deferred_at DOUBLE PRECISION NOT NULL,
                    attempts BIGINT NOT NULL,
                    next_attempt_at DOUBLE PRECISION NOT NULL,
                    reason TEXT NOT NULL,
                    notice_sent BOOLEAN NOT NULL DEFAULT FALSE
                )
                """,
                """
                CREATE TABLE mail_awaiting_replies (
                    seq BIGSERIAL PRIMARY KEY,
                    tx_hash TEXT NOT NULL,
                    reply_json TEXT NOT NULL,
                    recorded_at DOUBLE PRECISION NOT NULL
                )
                """,
                "CREATE INDEX mail_awaiting_replies_by_hash ON mail_awaiting_replies (tx_hash)",
                """
                CREATE TABLE mail_broadcast_replies (
                    tx_hash TEXT NOT NULL,
                    action_index BIGINT NOT NULL,
                    reply_json TEXT NOT NULL,
                    recorded_at DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (tx_hash, action_index)
                )
                """,
            ]
        ),
    ]

    /// Applies the migrations the database lacks, in one transaction that holds the migration
    /// lock: a second instance starting at the same moment waits, then finds nothing to do.
    func migrate() async throws {
        try await transaction { session in
            try await session.rows("SELECT pg_advisory_xact_lock(\(Self.migrationLock))")
            try await session.rows(
                """
                CREATE TABLE IF NOT EXISTS chainmail_schema_migrations (
                    version BIGINT PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at DOUBLE PRECISION NOT NULL
                )
                """
            )
            let applied =
                try await session.rows("SELECT COALESCE(MAX(version), 0) FROM chainmail_schema_migrations")
                .first.map { try $0.decode(Int64.self) } ?? 0
            guard let newest = Self.migrations.last?.version, applied <= newest else {
                throw EngineError.storeUnavailable(
                    "the PostgreSQL database is at schema version \(applied), newer than this chainmail knows (\(Self.migrations.last?.version ?? 0))"
                )
            }
            for migration in Self.migrations where migration.version > applied {
                for statement in migration.statements {
                    try await session.rows(PostgresQuery(unsafeSQL: statement))
                }
                try await session.rows(
                    """
                    INSERT INTO chainmail_schema_migrations (version, name, applied_at)
                    VALUES (\(migration.version), \(migration.name), \(Date().timeIntervalSince1970))
                    """
                )
            }
            return .commit(())
        }
    }

    /// The schema versions applied, in order (tests check that two instances migrated once).
    package func appliedMigrations() async throws -> [Int64] {
        try await withSession { session in
            try await session.rows("SELECT version FROM chainmail_schema_migrations ORDER BY version").map { try $0.decode(Int64.self) }
        }
    }
}
