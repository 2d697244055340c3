import Foundation
import MailIngest
import PostgresNIO

extension PostgresMailLedger: MailboxCheckpointStore {
    public func load(mailbox: String, uidValidity: UInt32) async throws -> UInt32? {
        try await store.withSession { session in
            try await session.rows(
                "SELECT last_handled_uid FROM mailbox_checkpoints WHERE mailbox = \(mailbox) AND uid_validity = \(Int64(uidValidity))"
            ).first.map { UInt32(truncatingIfNeeded: try $0.decode(Int64.self)) }
        }
    }

    public func save(mailbox: String, uidValidity: UInt32, lastHandledUID: UInt32) async throws {
        try await store.withSession { session in
            try await session.rows(
                """
                INSERT INTO mailbox_checkpoints (mailbox, uid_validity, last_handled_uid) VALUES (\(mailbox), \(Int64(uidValidity)), \(Int64(lastHandledUID)))
                ON CONFLICT (mailbox, uid_validity) DO UPDATE
                SET last_handled_uid = GREATEST(mailbox_checkpoints.last_handled_uid, excluded.last_handled_uid)
                """
            )
        }
    }

    public func beginAttempt(mailbox: String, uidValidity: UInt32, uid: UInt32) async throws -> Int {
        try await store.withSession { session in
            let attempts = try await session.rows(
                """
                INSERT INTO mailbox_attempts (mailbox, uid_validity, uid, attempts) VALUES (\(mailbox), \(Int64(uidValidity)), \(Int64(uid)), 1)
                ON CONFLICT (mailbox, uid_validity, uid) DO UPDATE SET attempts = mailbox_attempts.attempts + 1
                RETURNING attempts
                """
            ).first.map { try $0.decode(Int64.self) }
            return Int(attempts ?? 1)
        }
    }

    public func endAttempt(mailbox: String, uidValidity: UInt32, uid: UInt32) async throws {
        try await store.withSession { session in
            try await session.rows(
                "DELETE FROM mailbox_attempts WHERE mailbox = \(mailbox) AND uid_validity = \(Int64(uidValidity)) AND uid = \(Int64(uid))"
            )
        }
    }
}
