import AccountEngine
import Foundation
import MailIngest
import PostgresNIO

extension PostgresMailLedger {
    public func deferral(redeliveryKey: String) async throws -> DeferredMail? {
        try await store.withSession { session in try await Self.deferral(redeliveryKey, session) }
    }

    public func recordDeferral(redeliveryKey: String, reason: String, now: Date, policy: EmailPolicy) async throws -> DeferredMail {
        try await store.transaction { session in
            // The row lock serialises two deferrals of one message (their counts add up).
            try await session.rows(
                """
                INSERT INTO mail_deferrals (redelivery_key, first_deferred_at, attempts, next_attempt_at, reason, notice_sent)
                VALUES (\(redeliveryKey), \(now.timeIntervalSince1970), 0, \(now.timeIntervalSince1970), \(reason), FALSE)
                ON CONFLICT (redelivery_key) DO NOTHING
                """
            )
            guard
                let row = try await session.rows(
                    "SELECT first_deferred_at, attempts, notice_sent FROM mail_deferrals WHERE redelivery_key = \(redeliveryKey) FOR UPDATE"
                ).first
            else {
                // Its outcome was recorded meanwhile (which forgets the deferral): the next try finds it.
                throw EngineError.storeUnavailable("the mail's deferral was removed while it was counted")
            }
            let (first, earlier, noticeSent) = try row.decode((Double, Int64, Bool).self)
            let attempts = Int(earlier) + 1
            let deferral = DeferredMail(
                redeliveryKey: redeliveryKey,
                firstDeferredAt: Date(timeIntervalSince1970: first),
                attempts: attempts,
                nextAttemptAt: now.addingTimeInterval(TimeInterval(policy.retryDelay(afterAttempts: attempts))),
                reason: reason,
                noticeSent: noticeSent
            )
            try await session.rows(
                """
                UPDATE mail_deferrals SET attempts = \(Int64(attempts)), next_attempt_at = \(deferral.nextAttemptAt.timeIntervalSince1970),
                reason = \(reason) WHERE redelivery_key = \(redeliveryKey)
                """
            )
            return .commit(deferral)
        }
    }

    public func recordDelayNotice(redeliveryKey: String, notice: OutgoingMail, now: Date) async throws -> Bool {
        try await store.transaction { session in
            let marked = try await session.exists(
                """
                UPDATE mail_deferrals SET notice_sent = TRUE WHERE redelivery_key = \(redeliveryKey) AND NOT notice_sent RETURNING redelivery_key
                """
            )
            guard marked else { return .rollback(false) }
            try await notice.queued.enqueue(session, at: now.timeIntervalSince1970)
            return .commit(true)
        }
    }

    private static func deferral(_ redeliveryKey: String, _ session: PostgresSession) async throws -> DeferredMail? {
        try await session.rows(
            """
            SELECT first_deferred_at, attempts, next_attempt_at, reason, notice_sent FROM mail_deferrals WHERE redelivery_key = \(redeliveryKey)
            """
        ).first.map { row in
            let (first, attempts, next, reason, noticeSent) = try row.decode((Double, Int64, Double, String, Bool).self)
            return DeferredMail(
                redeliveryKey: redeliveryKey,
                firstDeferredAt: Date(timeIntervalSince1970: first),
                attempts: Int(attempts),
                nextAttemptAt: Date(timeIntervalSince1970: next),
                reason: reason,
                noticeSent: noticeSent
            )
        }
    }
}
