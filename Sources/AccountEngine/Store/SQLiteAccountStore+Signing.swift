import ErrorCodes
import Foundation
import GRDB

/// Transactions committed as `signing` (PROTOCOL.md section 6): their leases, their ends, and
/// what GET /v1/transactions/{txHash} tells of them.
extension SQLiteAccountStore {
    public func transactionRecord(txHash: String) async throws -> TransactionRecord? {
        try await database.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT account_id, status, result_json, error_code, error_message, transaction_json FROM transactions WHERE tx_hash = ?",
                    arguments: [txHash]
                ),
                let status = TransactionRecord.Status(rawValue: row["status"])
            else { return nil }
            let code: String? = row["error_code"]
            return TransactionRecord(
                txHash: txHash,
                accountId: row["account_id"],
                status: status,
                resultJSON: row["result_json"],
                error: code.map { EngineError(ErrorCode.named($0) ?? .internalError, message: row["error_message"] ?? "") },
                transactionJSON: row["transaction_json"]
            )
        }
    }

    public func claimSigningTransactions(now: Date, leaseUntil: Date, limit: Int) async throws -> [SigningTransaction] {
        try await database.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT tx_hash, account_id, nonce, signing_json, attempts FROM transactions
                    WHERE status = 'signing' AND retry_at <= ?
                    ORDER BY retry_at LIMIT ?
                    """,
                arguments: [now.timeIntervalSince1970, limit]
            )
            return try rows.map { row in
                try db.execute(
                    sql: "UPDATE transactions SET retry_at = ? WHERE tx_hash = ?",
                    arguments: [leaseUntil.timeIntervalSince1970, row["tx_hash"] as String]
                )
                return SigningTransaction(
                    txHash: row["tx_hash"],
                    accountId: row["account_id"],
                    nonce: UInt64(row["nonce"] as Int64),
                    work: try SigningWork(storedJSON: row["signing_json"]),
                    attempts: row["attempts"]
                )
            }
        }
    }

    public func releaseSigningLeases(now: Date) async throws {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE transactions SET retry_at = ? WHERE status = 'signing' AND retry_at > ?",
                arguments: [now.timeIntervalSince1970, now.timeIntervalSince1970]
            )
        }
    }

    public func settleSigning(_ settlement: SigningSettlement) async throws -> Bool {
        try await database.write { db in
            let arguments: StatementArguments
            let sql: String
            switch settlement.change {
            case .executed(let result):
                sql = """
                    UPDATE transactions SET status = 'executed', result_json = ?, signing_json = NULL, retry_at = NULL, recorded_at = ?
                    WHERE tx_hash = ? AND status = 'signing'
                    """
                arguments = [result.compactText, settlement.recordedAt.timeIntervalSince1970, settlement.txHash]
            case .failed(let error):
                sql = """
                    UPDATE transactions SET status = 'failed', error_code = ?, error_message = ?, signing_json = NULL, retry_at = NULL,
                    recorded_at = ? WHERE tx_hash = ? AND status = 'signing'
                    """
                arguments = [error.code, error.message, settlement.recordedAt.timeIntervalSince1970, settlement.txHash]
            case .retry(let at, let error):
                sql = """
                    UPDATE transactions SET attempts = attempts + 1, retry_at = ?, error_code = ?, error_message = ?
                    WHERE tx_hash = ? AND status = 'signing'
                    """
                arguments = [at.timeIntervalSince1970, error.code, error.message, settlement.txHash]
            }
            try db.execute(sql: sql, arguments: arguments)
            guard db.changesCount == 1 else { return false }
            try Self.insertBroadcasts(db, settlement.broadcasts)
            for answer in settlement.awaitingReplies { try answer.write(db) }
            return true
        }
    }
}
