import AccountEngine
import Foundation
import GRDB

extension SQLiteMailLedger: MailLedger {
    public func outcome(redeliveryKey: String) async throws -> MailOutcome? {
        let text = try await database.read { db in
            try String.fetchOne(db, sql: "SELECT outcome_json FROM mail_outcomes WHERE redelivery_key = ?", arguments: [redeliveryKey])
        }
        return try text.map { try MailOutcome(storedJSON: $0) }
    }

    public func record(_ outcome: MailOutcome, redeliveryKey: String?, reply: OutgoingMail?) async throws {
        let now = Date().timeIntervalSince1970
        try await database.write { db in
            if let redeliveryKey {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO mail_outcomes (redelivery_key, outcome_json, recorded_at) VALUES (?, ?, ?)",
                    arguments: [redeliveryKey, outcome.storedJSON, now]
                )
            }
            if let rejection = outcome.rejection, let txHash = outcome.txHash {
                try db.execute(
                    sql: "INSERT INTO transaction_rejections (tx_hash, code, message, recorded_at) VALUES (?, ?, ?, ?)",
                    arguments: [txHash, rejection.code, rejection.message, now]
                )
            }
            if let reply {
                try Self.enqueue(reply, in: db, at: now)
            }
        }
    }

    public func preparedTransaction(txHash: String) async throws -> String? {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT transaction_json FROM prepared_transactions WHERE tx_hash = ?", arguments: [txHash])
        }
    }

    /// Keeps `transactionJSON` under its hash for approval by mail (POST /v1/transactions).
    public func prepare(txHash: String, transactionJSON: String) async throws {
        try await database.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO prepared_transactions (tx_hash, transaction_json, prepared_at) VALUES (?, ?, ?)",
                arguments: [txHash, transactionJSON, Date().timeIntervalSince1970]
            )
        }
    }

    /// The latest refusal recorded under `txHash`.
    public func latestRejection(txHash: String) async throws -> (code: String, message: String)? {
        try await database.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT code, message FROM transaction_rejections WHERE tx_hash = ? ORDER BY recorded_at DESC LIMIT 1",
                arguments: [txHash]
            ).map { (code: $0["code"], message: $0["message"]) }
        }
    }

    static func enqueue(_ mail: OutgoingMail, in db: Database, at now: TimeInterval) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO mail_outbox (id, envelope_from, envelope_to, data, attempts, state, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, 0, 'pending', ?, ?)
                """,
            arguments: [mail.id, mail.from, mail.to.joined(separator: "\n"), Data(mail.data), now, now]
        )
    }
}
