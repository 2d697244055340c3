import AccountEngine
import Foundation
import GRDB

extension SQLiteMailLedger: MailLedger {
    public func outcome(redeliveryKey: String) async throws -> MailOutcome? {
        let text = try await database.read { db in
            try String.fetchOne(
                db.cachedStatement(sql: "SELECT outcome_json FROM mail_outcomes WHERE redelivery_key = ?"),
                arguments: [redeliveryKey]
            )
        }
        return try text.map { try MailOutcome(storedJSON: $0) }
    }

    public func record(_ outcome: MailOutcome, redeliveryKey: String?, reply: OutgoingMail?) async throws {
        let record = MailRecord(outcome: outcome, redeliveryKey: redeliveryKey, reply: reply, recordedAt: Date().timeIntervalSince1970)
        try await database.write { db in try record.write(db) }
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
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO mail_outbox (id, envelope_from, envelope_to, data, attempts, state, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, 0, 'pending', ?, ?)
                """
        ).execute(arguments: [mail.id, mail.from, mail.to.joined(separator: "\n"), Data(mail.data), now, now])
    }
}
