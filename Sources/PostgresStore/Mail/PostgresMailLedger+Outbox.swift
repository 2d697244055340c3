import Foundation
import MailIngest
import PostgresNIO

extension PostgresMailLedger: OutboxStore {
    public func pending(limit: Int) async throws -> [OutgoingMail] {
        let now = Date().timeIntervalSince1970
        return try await store.withSession { session in
            try await session.rows(
                """
                SELECT id, envelope_from, envelope_to, data, attempts FROM mail_outbox
                WHERE state = 'pending' AND next_attempt_at <= \(now) ORDER BY created_at, id LIMIT \(Int64(limit))
                """
            ).map { row in
                let (id, from, recipients, data, attempts) = try row.decode((String, String, String, ByteBuffer, Int64).self)
                return OutgoingMail(
                    id: id,
                    from: from,
                    to: recipients.split(separator: "\n").map(String.init),
                    data: Array(buffer: data),
                    attempts: Int(attempts)
                )
            }
        }
    }

    public func markSent(id: String) async throws {
        try await store.withSession { session in
            try await session.rows("UPDATE mail_outbox SET state = 'sent', last_error = NULL WHERE id = \(id)")
        }
    }

    public func markFailed(id: String, error: any Error, nextAttemptAt: Date) async throws {
        try await store.withSession { session in
            try await session.rows(
                """
                UPDATE mail_outbox SET attempts = attempts + 1, last_error = \("\(error)"), next_attempt_at = \(nextAttemptAt.timeIntervalSince1970)
                WHERE id = \(id)
                """
            )
        }
    }

    public func markAbandoned(id: String, reason: String) async throws {
        try await store.withSession { session in
            try await session.rows("UPDATE mail_outbox SET state = 'abandoned', last_error = \(reason) WHERE id = \(id)")
        }
    }
}
