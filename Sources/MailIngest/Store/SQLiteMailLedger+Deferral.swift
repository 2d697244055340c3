import Foundation
import GRDB

extension SQLiteMailLedger {
    public func deferral(redeliveryKey: String) async throws -> DeferredMail? {
        try await database.read { db in try Self.deferral(redeliveryKey, in: db) }
    }

    public func recordDeferral(redeliveryKey: String, reason: String, now: Date, policy: EmailPolicy) async throws -> DeferredMail {
        try await database.write { db in
            let earlier = try Self.deferral(redeliveryKey, in: db)
            let attempts = (earlier?.attempts ?? 0) + 1
            let deferral = DeferredMail(
                redeliveryKey: redeliveryKey,
                firstDeferredAt: earlier?.firstDeferredAt ?? now,
                attempts: attempts,
                nextAttemptAt: now.addingTimeInterval(TimeInterval(policy.retryDelay(afterAttempts: attempts))),
                reason: reason,
                noticeSent: earlier?.noticeSent ?? false
            )
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO mail_deferrals (redelivery_key, first_deferred_at, attempts, next_attempt_at, reason, notice_sent)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    redeliveryKey, deferral.firstDeferredAt.timeIntervalSince1970, attempts, deferral.nextAttemptAt.timeIntervalSince1970,
                    reason, deferral.noticeSent,
                ]
            )
            return deferral
        }
    }

    public func recordDelayNotice(redeliveryKey: String, notice: OutgoingMail, now: Date) async throws -> Bool {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE mail_deferrals SET notice_sent = 1 WHERE redelivery_key = ? AND notice_sent = 0",
                arguments: [redeliveryKey]
            )
            guard db.changesCount == 1 else { return false }
            try notice.queued.enqueue(db, at: now.timeIntervalSince1970)
            return true
        }
    }

    private static func deferral(_ redeliveryKey: String, in db: Database) throws -> DeferredMail? {
        try Row.fetchOne(
            db,
            sql: "SELECT first_deferred_at, attempts, next_attempt_at, reason, notice_sent FROM mail_deferrals WHERE redelivery_key = ?",
            arguments: [redeliveryKey]
        ).map { row in
            DeferredMail(
                redeliveryKey: redeliveryKey,
                firstDeferredAt: Date(timeIntervalSince1970: row["first_deferred_at"]),
                attempts: row["attempts"],
                nextAttemptAt: Date(timeIntervalSince1970: row["next_attempt_at"]),
                reason: row["reason"],
                noticeSent: row["notice_sent"]
            )
        }
    }
}
