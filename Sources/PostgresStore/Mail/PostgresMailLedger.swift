import AccountEngine
import Foundation
import MailIngest
import PostgresNIO

/// The mail ledger, outbox and mailbox checkpoints in PostgreSQL, in the account store's database
/// and on its pool (the tables of schema version 4), as `SQLiteMailLedger` keeps them in SQLite:
/// a mail's record joins the commit of the execution it reports (`MailLedgerRecord`).
///
/// Several instances share these tables, but only the instance holding the IMAP poller's lease
/// reads the mailbox and only the one holding the replier's sends the outbox; the HTTP API's
/// POST /v1/email records outcomes on every instance.
public final class PostgresMailLedger: Sendable {
    let store: PostgresAccountStore

    public init(sharing store: PostgresAccountStore) {
        self.store = store
    }
}

extension PostgresMailLedger: MailLedger {
    public func outcome(redeliveryKey: String) async throws -> MailOutcome? {
        let text = try await store.withSession { session in
            try await session.rows("SELECT outcome_json FROM mail_outcomes WHERE redelivery_key = \(redeliveryKey)")
                .first.map { try $0.decode(String.self) }
        }
        return try text.map { try MailOutcome(storedJSON: $0) }
    }

    public func record(_ outcome: MailOutcome, redeliveryKey: String?, reply: OutgoingMail?) async throws {
        let record = MailLedgerRecord(outcome, redeliveryKey: redeliveryKey, reply: reply, recordedAt: Date())
        try await store.transaction { session in
            try await record.write(session)
            return .commit(())
        }
    }

    public func latestRejection(txHash: String) async throws -> (code: String, message: String)? {
        try await store.withSession { session in
            try await session.rows(
                "SELECT code, message FROM transaction_rejections WHERE tx_hash = \(txHash) ORDER BY recorded_at DESC, seq DESC LIMIT 1"
            ).first.map { try $0.decode((String, String).self) }
        }.map { (code: $0.0, message: $0.1) }
    }

    public func recordsCommits(of store: any AccountStore) -> Bool {
        (store as? PostgresAccountStore) === self.store
    }

    public func queueBroadcastReply(txHash: String, actionIndex: Int, _ reply: @Sendable (String) throws -> OutgoingMail) async throws -> Bool {
        let stored = try await store.withSession { session in
            try await session.rows(
                "SELECT reply_json FROM mail_broadcast_replies WHERE tx_hash = \(txHash) AND action_index = \(Int64(actionIndex))"
            ).first.map { try $0.decode(String.self) }
        }
        guard let stored else { return false }
        let mail = try reply(stored).queued
        // Queued by whichever caller removes the record: told twice at once, one queues it.
        return try await store.transaction { session in
            let taken = try await session.exists(
                """
                DELETE FROM mail_broadcast_replies WHERE tx_hash = \(txHash) AND action_index = \(Int64(actionIndex)) RETURNING tx_hash
                """
            )
            guard taken else { return .rollback(false) }
            try await mail.enqueue(session, at: Date().timeIntervalSince1970)
            return .commit(true)
        }
    }
}
