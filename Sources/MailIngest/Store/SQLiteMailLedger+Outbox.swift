import Foundation
import GRDB

extension SQLiteMailLedger: OutboxStore {
    public func pending(limit: Int) async throws -> [OutgoingMail] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, envelope_from, envelope_to, data, attempts FROM mail_outbox
                    WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY created_at LIMIT ?
                    """,
                arguments: [Date().timeIntervalSince1970, limit]
            ).map { row in
                let recipients: String = row["envelope_to"]
                let data: Data = row["data"]
                return OutgoingMail(
                    id: row["id"],
                    from: row["envelope_from"],
                    to: recipients.split(separator: "\n").map(String.init),
                    data: [UInt8](data),
                    attempts: row["attempts"]
                )
            }
        }
    }

    public func markSent(id: String) async throws {
        try await database.write { db in
            try db.execute(sql: "UPDATE mail_outbox SET state = 'sent', last_error = NULL WHERE id = ?", arguments: [id])
        }
    }

    public func markFailed(id: String, error: any Error, nextAttemptAt: Date) async throws {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                arguments: ["\(error)", nextAttemptAt.timeIntervalSince1970, id]
            )
        }
    }

    public func markAbandoned(id: String, reason: String) async throws {
        try await database.write { db in
            try db.execute(sql: "UPDATE mail_outbox SET state = 'abandoned', last_error = ? WHERE id = ?", arguments: [reason, id])
        }
    }

}

extension SQLiteMailLedger: MailboxCheckpointStore {
    public func load(mailbox: String, uidValidity: UInt32) async throws -> UInt32? {
        try await database.read { db in
            try Int64.fetchOne(
                db,
                sql: "SELECT last_handled_uid FROM mailbox_checkpoints WHERE mailbox = ? AND uid_validity = ?",
                arguments: [mailbox, Int64(uidValidity)]
            ).map { UInt32(truncatingIfNeeded: $0) }
        }
    }

    public func save(mailbox: String, uidValidity: UInt32, lastHandledUID: UInt32) async throws {
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO mailbox_checkpoints (mailbox, uid_validity, last_handled_uid) VALUES (?, ?, ?)
                    ON CONFLICT (mailbox, uid_validity) DO UPDATE SET last_handled_uid = MAX(last_handled_uid, excluded.last_handled_uid)
                    """,
                arguments: [mailbox, Int64(uidValidity), Int64(lastHandledUID)]
            )
        }
    }

    public func beginAttempt(mailbox: String, uidValidity: UInt32, uid: UInt32) async throws -> Int {
        try await database.write { db in
            try Int.fetchOne(
                db,
                sql: """
                    INSERT INTO mailbox_attempts (mailbox, uid_validity, uid, attempts) VALUES (?, ?, ?, 1)
                    ON CONFLICT (mailbox, uid_validity, uid) DO UPDATE SET attempts = attempts + 1
                    RETURNING attempts
                    """,
                arguments: [mailbox, Int64(uidValidity), Int64(uid)]
            ) ?? 1
        }
    }

    public func endAttempt(mailbox: String, uidValidity: UInt32, uid: UInt32) async throws {
        try await database.write { db in
            try db.execute(
                sql: "DELETE FROM mailbox_attempts WHERE mailbox = ? AND uid_validity = ? AND uid = ?",
                arguments: [mailbox, Int64(uidValidity), Int64(uid)]
            )
        }
    }
}
