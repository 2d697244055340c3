/// One table `SQLiteImport` copies: the same name and columns in the SQLite store (with its mail
/// ledger) and in PostgreSQL's schema, listed in the order they are copied, each table after the
/// ones its rows refer to.
struct ImportedTable: Sendable {
    let name: String
    let columns: [ImportedColumn]
    /// PostgreSQL numbers the rows in a `seq` BIGSERIAL column where their order matters (SQLite
    /// keeps it in the rowid): the copy writes each row's rowid there, and sets the sequence after.
    let numbered: Bool
    /// Rows read and inserted at a time: fewer for tables that hold whole mails.
    let batchSize: Int

    init(_ name: String, numbered: Bool = false, batchSize: Int = 500, _ columns: [ImportedColumn]) {
        self.name = name
        self.columns = columns
        self.numbered = numbered
        self.batchSize = batchSize
    }

    /// SQLite's own bookkeeping, never copied (`sqlite_…` tables are skipped as well); PostgreSQL
    /// keeps its schema version in `chainmail_schema_migrations` and its `worker_leases` alone.
    static let sqliteBookkeeping: Set<String> = ["grdb_migrations"]

    /// The SQLite store's tables as of its "v7" and the mail ledger's as of "mail v6", which are
    /// PostgreSQL's versions 1, 2 and 4.
    static let all: [ImportedTable] = [
        ImportedTable("account_nonces", [.init("account_id"), .init("next_nonce", .integer)]),
        ImportedTable("accounts", [.init("account_id"), .init("created_at", .real)]),
        ImportedTable(
            "account_identities",
            [.init("account_id"), .init("position", .integer), .init("identity_key"), .init("match_key")]
        ),
        ImportedTable(
            "transactions",
            [
                .init("tx_hash"), .init("account_id"), .init("nonce", .integer), .init("status"), .init("result_json"),
                .init("recorded_at", .real), .init("signing_json"), .init("attempts", .integer), .init("retry_at", .real),
                .init("error_code"), .init("error_message"), .init("transaction_json"),
            ]
        ),
        ImportedTable(
            "oidc_keys",
            [.init("issuer"), .init("kid"), .init("jwk_json"), .init("source"), .init("recorded_at", .real)]
        ),
        ImportedTable("webauthn_counters", [.init("match_key"), .init("sign_count", .integer), .init("updated_at", .real)]),
        ImportedTable(
            "accepted_email_signatures",
            [.init("dkim_signature"), .init("tx_hash"), .init("redelivery_key"), .init("accepted_at", .real)]
        ),
        ImportedTable(
            "pending_transactions",
            [.init("tx_hash"), .init("account_id"), .init("transaction_json"), .init("created_at", .real), .init("expires_at", .real)]
        ),
        ImportedTable(
            "pending_proofs",
            numbered: true,
            [
                .init("tx_hash"), .init("match_key"), .init("role"), .init("identity_key"), .init("auth_target_key"),
                .init("evidence_json"), .init("recorded_at", .real),
            ]
        ),
        ImportedTable(
            "identity_consents",
            [.init("account_id"), .init("match_key"), .init("tx_hash"), .init("consented_at", .real)]
        ),
        ImportedTable(
            "broadcasts",
            numbered: true,
            [
                .init("tx_hash"), .init("action_index", .integer), .init("chain_id", .integer), .init("signed_transaction", .blob),
                .init("transaction_hash"), .init("status"), .init("block_number", .integer), .init("error"),
                .init("attempts", .integer), .init("due_at", .real), .init("recorded_at", .real),
            ]
        ),
        ImportedTable("service_metadata", [.init("name"), .init("value", .blob), .init("recorded_at", .real)]),
        ImportedTable("mail_outcomes", [.init("redelivery_key"), .init("outcome_json"), .init("recorded_at", .real)]),
        ImportedTable(
            "transaction_rejections",
            numbered: true,
            [.init("tx_hash"), .init("code"), .init("message"), .init("recorded_at", .real)]
        ),
        ImportedTable(
            "mail_outbox",
            batchSize: 50,
            [
                .init("id"), .init("envelope_from"), .init("envelope_to"), .init("data", .blob), .init("attempts", .integer),
                .init("state"), .init("next_attempt_at", .real), .init("last_error"), .init("created_at", .real),
            ]
        ),
        ImportedTable(
            "mailbox_checkpoints",
            [.init("mailbox"), .init("uid_validity", .integer), .init("last_handled_uid", .integer)]
        ),
        ImportedTable(
            "mailbox_attempts",
            [.init("mailbox"), .init("uid_validity", .integer), .init("uid", .integer), .init("attempts", .integer)]
        ),
        ImportedTable(
            "mail_deferrals",
            [
                .init("redelivery_key"), .init("first_deferred_at", .real), .init("attempts", .integer),
                .init("next_attempt_at", .real), .init("reason"), .init("notice_sent", .boolean),
            ]
        ),
        ImportedTable(
            "mail_awaiting_replies",
            numbered: true,
            [.init("tx_hash"), .init("reply_json"), .init("recorded_at", .real)]
        ),
        ImportedTable(
            "mail_broadcast_replies",
            [.init("tx_hash"), .init("action_index", .integer), .init("reply_json"), .init("recorded_at", .real)]
        ),
    ]
}
