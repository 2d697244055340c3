import AccountEngine
import ErrorCodes
import Foundation
import PostgresNIO

/// Transactions committed as `signing` (PROTOCOL.md section 6): their leases, their ends, and
/// what GET /v1/transactions/{txHash} tells of them.
extension PostgresAccountStore {
    public func transactionRecord(txHash: String) async throws -> TransactionRecord? {
        try await withSession { session in
            guard
                let row = try await session.rows(
                    """
                    SELECT status, account_id, result_json, error_code, error_message, transaction_json
                    FROM transactions WHERE tx_hash = \(txHash)
                    """
                ).first
            else { return nil }
            let (statusText, accountId, resultJSON, code, message, transactionJSON) = try row.decode(
                (String, String, String?, String?, String?, String?).self
            )
            guard let status = TransactionRecord.Status(rawValue: statusText) else { return nil }
            return TransactionRecord(
                txHash: txHash,
                accountId: accountId,
                status: status,
                resultJSON: resultJSON,
                error: code.map { EngineError(ErrorCode.named($0) ?? .internalError, message: message ?? "") },
                transactionJSON: transactionJSON
            )
        }
    }

    /// As SQLite's; several instances claim at once without waiting for each other: each takes
    /// the due rows no other claim holds locked (`FOR UPDATE SKIP LOCKED`).
    public func claimSigningTransactions(now: Date, leaseUntil: Date, limit: Int) async throws -> [SigningTransaction] {
        try await transaction { session in
            let rows = try await session.rows(
                """
                WITH due AS (
                    SELECT tx_hash, retry_at FROM transactions
                    WHERE status = 'signing' AND retry_at <= \(now.timeIntervalSince1970)
                    ORDER BY retry_at LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE transactions t SET retry_at = \(leaseUntil.timeIntervalSince1970)
                FROM due WHERE t.tx_hash = due.tx_hash
                RETURNING t.tx_hash, t.account_id, t.nonce, t.signing_json, t.attempts, due.retry_at
                """
            )
            let claimed = try rows.map { row in
                let (txHash, accountId, nonce, signingJSON, attempts, dueAt) = try row.decode((String, String, Int64, String, Int64, Double).self)
                let transaction = SigningTransaction(
                    txHash: txHash,
                    accountId: accountId,
                    nonce: UInt64(nonce),
                    work: try SigningWork(storedJSON: signingJSON),
                    attempts: Int(attempts)
                )
                return (dueAt, transaction)
            }
            // RETURNING keeps no order: oldest first, as they were due.
            return .commit(claimed.sorted { $0.0 < $1.0 }.map { $0.1 })
        }
    }

    public func releaseSigningLeases(now: Date) async throws {
        let seconds = now.timeIntervalSince1970
        try await withSession { session in
            try await session.rows("UPDATE transactions SET retry_at = \(seconds) WHERE status = 'signing' AND retry_at > \(seconds)")
        }
    }

    public func settleSigning(_ settlement: SigningSettlement) async throws -> Bool {
        try await transaction { session in
            let recordedAt = settlement.recordedAt.timeIntervalSince1970
            let txHash = settlement.txHash
            let query: PostgresQuery
            switch settlement.change {
            case .executed(let result):
                query = """
                    UPDATE transactions SET status = 'executed', result_json = \(result.compactText), signing_json = NULL, retry_at = NULL,
                    recorded_at = \(recordedAt) WHERE tx_hash = \(txHash) AND status = 'signing' RETURNING tx_hash
                    """
            case .failed(let error):
                query = """
                    UPDATE transactions SET status = 'failed', error_code = \(error.code), error_message = \(error.message), signing_json = NULL,
                    retry_at = NULL, recorded_at = \(recordedAt) WHERE tx_hash = \(txHash) AND status = 'signing' RETURNING tx_hash
                    """
            case .retry(let at, let error):
                query = """
                    UPDATE transactions SET attempts = attempts + 1, retry_at = \(at.timeIntervalSince1970), error_code = \(error.code),
                    error_message = \(error.message) WHERE tx_hash = \(txHash) AND status = 'signing' RETURNING tx_hash
                    """
            }
            guard try await session.rows(query).count == 1 else { return .rollback(false) }
            try await Self.insertBroadcasts(session, settlement.broadcasts)
            for answer in settlement.awaitingReplies { try await answer.write(session) }
            return .commit(true)
        }
    }
}
