import AccountEngine
import Foundation
import GRDB

/// What the ledger keeps of one handled mail: its outcome under the redelivery key, a refusal
/// under its txHash, and the queued reply; the message's deferral, if any, is forgotten. Written in
/// its own transaction by `record`, or inside the engine's commit of the execution it reports
/// (`SQLiteCommitAttachment`).
struct MailRecord: SQLiteCommitAttachment {
    let outcome: MailOutcome
    let redeliveryKey: String?
    let reply: OutgoingMail?
    let recordedAt: TimeInterval
    /// For a mail whose transaction is `signing`: its reply, written when the transaction ends.
    var awaitingReply: AwaitingReply? = nil
    /// For an executed mail whose chain transactions chainmail sends: the second reply each one's
    /// end is told in, by the place of its action (`MailBroadcastObserver`).
    var broadcastReplies: [(actionIndex: Int, reply: AwaitingReply)] = []

    func write(_ db: Database) throws {
        if let redeliveryKey {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO mail_outcomes (redelivery_key, outcome_json, recorded_at) VALUES (?, ?, ?)")
                .execute(arguments: [redeliveryKey, outcome.storedJSON, recordedAt])
            try db.cachedStatement(sql: "DELETE FROM mail_deferrals WHERE redelivery_key = ?").execute(arguments: [redeliveryKey])
        }
        if outcome.recordsRefusal, let rejection = outcome.rejection, let txHash = outcome.txHash {
            try db.cachedStatement(sql: "INSERT INTO transaction_rejections (tx_hash, code, message, recorded_at) VALUES (?, ?, ?, ?)")
                .execute(arguments: [txHash, rejection.code.name, rejection.message, recordedAt])
        }
        if let reply {
            try SQLiteMailLedger.enqueue(reply, in: db, at: recordedAt)
        }
        if let awaitingReply {
            try db.cachedStatement(sql: "INSERT INTO mail_awaiting_replies (tx_hash, reply_json, recorded_at) VALUES (?, ?, ?)")
                .execute(arguments: [awaitingReply.txHash, awaitingReply.storedJSON, recordedAt])
        }
        try Self.recordBroadcastReplies(broadcastReplies, in: db, at: recordedAt)
    }

    static func recordBroadcastReplies(_ replies: [(actionIndex: Int, reply: AwaitingReply)], in db: Database, at recordedAt: TimeInterval) throws {
        for (index, reply) in replies {
            try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO mail_broadcast_replies (tx_hash, action_index, reply_json, recorded_at) VALUES (?, ?, ?, ?)"
            ).execute(arguments: [reply.txHash, index, reply.storedJSON, recordedAt])
        }
    }
}
