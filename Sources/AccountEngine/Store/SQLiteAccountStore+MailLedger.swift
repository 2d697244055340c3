import Foundation
import GRDB

// The mail ledger's records in SQLite. Its tables are made by the mail ledger's own migrations
// (MailIngest's `SQLiteMailLedger`) in the store's database; a record is written only by a
// pipeline whose ledger shares that database.

extension MailLedgerRecord {
    /// Writes the record on `db`, inside the caller's transaction.
    package func write(_ db: Database) throws {
        let recordedAt = self.recordedAt.timeIntervalSince1970
        if let outcome {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO mail_outcomes (redelivery_key, outcome_json, recorded_at) VALUES (?, ?, ?)")
                .execute(arguments: [outcome.redeliveryKey, outcome.json, recordedAt])
            try db.cachedStatement(sql: "DELETE FROM mail_deferrals WHERE redelivery_key = ?").execute(arguments: [outcome.redeliveryKey])
        }
        if let refusal {
            try db.cachedStatement(sql: "INSERT INTO transaction_rejections (tx_hash, code, message, recorded_at) VALUES (?, ?, ?, ?)")
                .execute(arguments: [refusal.txHash, refusal.code, refusal.message, recordedAt])
        }
        if let reply {
            try reply.enqueue(db, at: recordedAt)
        }
        if let awaitingReply {
            try db.cachedStatement(sql: "INSERT INTO mail_awaiting_replies (tx_hash, reply_json, recorded_at) VALUES (?, ?, ?)")
                .execute(arguments: [awaitingReply.txHash, awaitingReply.json, recordedAt])
        }
        for broadcast in broadcastReplies {
            try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO mail_broadcast_replies (tx_hash, action_index, reply_json, recorded_at) VALUES (?, ?, ?, ?)"
            ).execute(arguments: [broadcast.reply.txHash, broadcast.actionIndex, broadcast.reply.json, recordedAt])
        }
    }
}

extension MailLedgerRecord.QueuedMail {
    /// Puts the mail in the outbox, due at once (a mail queued twice under one id is kept once).
    package func enqueue(_ db: Database, at time: TimeInterval) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO mail_outbox (id, envelope_from, envelope_to, data, attempts, state, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, 0, 'pending', ?, ?)
                """
        ).execute(arguments: [id, from, to.joined(separator: "\n"), Data(data), time, time])
    }
}

extension AwaitingRepliesAnswer {
    /// Answers every reply kept for the transaction and forgets them, inside the caller's transaction.
    func write(_ db: Database) throws {
        let stored = try String.fetchAll(
            db.cachedStatement(sql: "SELECT reply_json FROM mail_awaiting_replies WHERE tx_hash = ? ORDER BY rowid"),
            arguments: [txHash]
        )
        for json in stored { try answer(json).write(db) }
        try db.cachedStatement(sql: "DELETE FROM mail_awaiting_replies WHERE tx_hash = ?").execute(arguments: [txHash])
    }
}
