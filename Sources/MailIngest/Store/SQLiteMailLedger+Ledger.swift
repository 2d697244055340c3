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
        let record = MailLedgerRecord(outcome, redeliveryKey: redeliveryKey, reply: reply, recordedAt: Date())
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

    public func queueBroadcastReply(txHash: String, actionIndex: Int, _ reply: @Sendable (String) throws -> OutgoingMail) async throws -> Bool {
        try await database.write { db in
            let key: StatementArguments = [txHash, actionIndex]
            guard
                let json = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT reply_json FROM mail_broadcast_replies WHERE tx_hash = ? AND action_index = ?"),
                    arguments: key
                )
            else { return false }
            try reply(json).queued.enqueue(db, at: Date().timeIntervalSince1970)
            try db.cachedStatement(sql: "DELETE FROM mail_broadcast_replies WHERE tx_hash = ? AND action_index = ?").execute(arguments: key)
            return true
        }
    }
}
