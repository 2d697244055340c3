import AccountEngine
import Foundation
import PostgresNIO

// The mail ledger's records in PostgreSQL (schema version 4), written as the SQLite store writes
// them (SQLiteAccountStore+MailLedger.swift), inside the caller's transaction.

extension MailLedgerRecord {
    func write(_ session: PostgresSession) async throws {
        let recordedAt = self.recordedAt.timeIntervalSince1970
        if let outcome {
            try await session.rows(
                """
                INSERT INTO mail_outcomes (redelivery_key, outcome_json, recorded_at) VALUES (\(outcome.redeliveryKey), \(outcome.json), \(recordedAt))
                ON CONFLICT (redelivery_key) DO UPDATE SET outcome_json = excluded.outcome_json, recorded_at = excluded.recorded_at
                """
            )
            try await session.rows("DELETE FROM mail_deferrals WHERE redelivery_key = \(outcome.redeliveryKey)")
        }
        if let refusal {
            try await session.rows(
                """
                INSERT INTO transaction_rejections (tx_hash, code, message, recorded_at)
                VALUES (\(refusal.txHash), \(refusal.code), \(refusal.message), \(recordedAt))
                """
            )
        }
        if let reply {
            try await reply.enqueue(session, at: recordedAt)
        }
        if let awaitingReply {
            try await session.rows(
                """
                INSERT INTO mail_awaiting_replies (tx_hash, reply_json, recorded_at)
                VALUES (\(awaitingReply.txHash), \(awaitingReply.json), \(recordedAt))
                """
            )
        }
        for broadcast in broadcastReplies {
            try await session.rows(
                """
                INSERT INTO mail_broadcast_replies (tx_hash, action_index, reply_json, recorded_at)
                VALUES (\(broadcast.reply.txHash), \(Int64(broadcast.actionIndex)), \(broadcast.reply.json), \(recordedAt))
                ON CONFLICT DO NOTHING
                """
            )
        }
    }
}

extension MailLedgerRecord.QueuedMail {
    /// Puts the mail in the outbox, due at once (a mail queued twice under one id is kept once).
    func enqueue(_ session: PostgresSession, at time: TimeInterval) async throws {
        try await session.rows(
            """
            INSERT INTO mail_outbox (id, envelope_from, envelope_to, data, attempts, state, next_attempt_at, created_at)
            VALUES (\(id), \(from), \(to.joined(separator: "\n")), \(ByteBuffer(bytes: data)), 0, 'pending', \(time), \(time))
            ON CONFLICT (id) DO NOTHING
            """
        )
    }
}

extension AwaitingRepliesAnswer {
    /// Answers every reply kept for the transaction and forgets them. The rows are taken with
    /// `DELETE … RETURNING`, so two ends told at once (they cannot both settle) answer each once.
    func write(_ session: PostgresSession) async throws {
        let stored = try await session.rows("DELETE FROM mail_awaiting_replies WHERE tx_hash = \(txHash) RETURNING seq, reply_json")
            .map { try $0.decode((Int64, String).self) }
            .sorted { $0.0 < $1.0 }
        for (_, json) in stored { try await answer(json).write(session) }
    }
}
