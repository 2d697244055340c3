import AccountEngine
import ChainTransactions
import Foundation
import PostgresNIO

/// Signed chain transactions to send (PROTOCOL.md section 8.4), as SQLite keeps them: recorded
/// with the execution that signed them, then leased to one broadcaster at a time (`due_at` is
/// when a broadcast is next due, or until when it is leased; NULL once it is final).
extension PostgresAccountStore: BroadcastStore {
    /// Several instances claim at once without waiting for each other (`FOR UPDATE SKIP LOCKED`).
    public func claimBroadcasts(now: Date, leaseUntil: Date, limit: Int) async throws -> [Broadcast] {
        try await transaction { session in
            let rows = try await session.rows(
                """
                WITH due AS (
                    SELECT tx_hash, action_index, due_at AS was_due FROM broadcasts
                    WHERE due_at <= \(now.timeIntervalSince1970)
                    ORDER BY due_at, seq LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE broadcasts b SET due_at = \(leaseUntil.timeIntervalSince1970)
                FROM due WHERE b.tx_hash = due.tx_hash AND b.action_index = due.action_index
                RETURNING \(unescaped: Self.broadcastColumns), due.was_due, b.seq
                """
            )
            let claimed = try rows.map { row in
                let columns = row.makeRandomAccess()
                let wasDue = try columns[Self.broadcastColumnCount].decode(Double.self)
                let seq = try columns[Self.broadcastColumnCount + 1].decode(Int64.self)
                return (wasDue, seq, try Self.broadcast(row))
            }
            // RETURNING keeps no order: as they were due, then as they were recorded.
            return .commit(claimed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { $0.2 })
        }
    }

    public func updateBroadcast(_ broadcast: Broadcast, nextAttemptAt: Date?) async throws {
        let dueAt = broadcast.status.isFinal ? nil : nextAttemptAt?.timeIntervalSince1970
        try await withSession { session in
            try await session.rows(
                """
                UPDATE broadcasts SET status = \(broadcast.status.rawValue), block_number = \(broadcast.blockNumber.map(Int64.init)),
                error = \(broadcast.error), attempts = \(broadcast.attempts), due_at = \(dueAt)
                WHERE tx_hash = \(broadcast.txHash) AND action_index = \(broadcast.actionIndex)
                """
            )
        }
    }

    public func broadcasts(txHash: String) async throws -> [Broadcast] {
        try await withSession { session in
            try await session.rows(
                "SELECT \(unescaped: Self.broadcastColumns) FROM broadcasts b WHERE tx_hash = \(txHash) ORDER BY action_index"
            ).map(Self.broadcast)
        }
    }

    public func releaseBroadcastLeases() async throws {
        let now = Date().timeIntervalSince1970
        try await withSession { session in
            try await session.rows("UPDATE broadcasts SET due_at = \(now) WHERE due_at > \(now)")
        }
    }

    /// Records `broadcasts` as pending, due at once: inside the store transaction that records
    /// the execution, so a transaction is sent only once its execution is recorded, and always then.
    static func insertBroadcasts(_ session: PostgresSession, _ broadcasts: [Broadcast]) async throws {
        for broadcast in broadcasts {
            let recorded = broadcast.recordedAt.timeIntervalSince1970
            try await session.rows(
                """
                INSERT INTO broadcasts (tx_hash, action_index, chain_id, signed_transaction, transaction_hash, status, due_at, recorded_at)
                VALUES (\(broadcast.txHash), \(broadcast.actionIndex), \(Int64(broadcast.chainId)), \(Data(broadcast.signedTransaction)),
                \(broadcast.transactionHash), 'pending', \(recorded), \(recorded))
                """
            )
        }
    }

    private static let broadcastColumns =
        "b.tx_hash, b.action_index, b.chain_id, b.signed_transaction, b.transaction_hash, b.status, b.block_number, b.error, b.attempts, b.recorded_at"
    private static let broadcastColumnCount = 10

    private static func broadcast(_ row: PostgresRow) throws -> Broadcast {
        let (txHash, actionIndex, chainId, signed, transactionHash, statusText, blockNumber, error, attempts, recordedAt) = try row.decode(
            (String, Int64, Int64, Data, String, String, Int64?, String?, Int64, Double).self
        )
        guard let status = BroadcastStatus(rawValue: statusText) else {
            throw EngineError.storeUnavailable("a stored broadcast has an unknown status")
        }
        return Broadcast(
            txHash: txHash,
            actionIndex: Int(actionIndex),
            chainId: UInt64(chainId),
            signedTransaction: [UInt8](signed),
            transactionHash: transactionHash,
            status: status,
            blockNumber: blockNumber.map(UInt64.init),
            error: error,
            attempts: Int(attempts),
            recordedAt: Date(timeIntervalSince1970: recordedAt)
        )
    }
}
