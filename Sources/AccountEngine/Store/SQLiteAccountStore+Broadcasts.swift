import ChainTransactions
import Foundation
import GRDB

/// Signed chain transactions to send (PROTOCOL.md section 8.4): recorded with the execution that
/// signed them (`AccountCommit.broadcasts`, `SigningSettlement.broadcasts`), then leased to one
/// broadcaster at a time. `due_at` is when a broadcast is next due, or until when it is leased;
/// NULL once it is final.
extension SQLiteAccountStore: BroadcastStore {
    public func claimBroadcasts(now: Date, leaseUntil: Date, limit: Int) async throws -> [Broadcast] {
        try await database.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM broadcasts WHERE due_at <= ? ORDER BY due_at, rowid LIMIT ?",
                arguments: [now.timeIntervalSince1970, limit]
            )
            let lease = try db.cachedStatement(sql: "UPDATE broadcasts SET due_at = ? WHERE tx_hash = ? AND action_index = ?")
            return try rows.map { row in
                let broadcast = try Self.broadcast(row)
                try lease.execute(arguments: [leaseUntil.timeIntervalSince1970, broadcast.txHash, broadcast.actionIndex])
                return broadcast
            }
        }
    }

    public func updateBroadcast(_ broadcast: Broadcast, nextAttemptAt: Date?) async throws {
        try await database.write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE broadcasts SET status = ?, block_number = ?, error = ?, attempts = ?, due_at = ?
                    WHERE tx_hash = ? AND action_index = ?
                    """
            ).execute(
                arguments: [
                    broadcast.status.rawValue, broadcast.blockNumber.map(Int64.init), broadcast.error, broadcast.attempts,
                    broadcast.status.isFinal ? nil : nextAttemptAt?.timeIntervalSince1970, broadcast.txHash, broadcast.actionIndex,
                ]
            )
        }
    }

    public func broadcasts(txHash: String) async throws -> [Broadcast] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM broadcasts WHERE tx_hash = ? ORDER BY action_index", arguments: [txHash]).map(Self.broadcast)
        }
    }

    public func releaseBroadcastLeases() async throws {
        let now = Date().timeIntervalSince1970
        try await database.write { db in
            try db.execute(sql: "UPDATE broadcasts SET due_at = ? WHERE due_at > ?", arguments: [now, now])
        }
    }

    /// Records `broadcasts` as pending, due at once: inside the store transaction that records
    /// the execution, so a transaction is sent only once its execution is recorded, and always then.
    static func insertBroadcasts(_ db: Database, _ broadcasts: [Broadcast]) throws {
        guard !broadcasts.isEmpty else { return }
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO broadcasts (tx_hash, action_index, chain_id, signed_transaction, transaction_hash, status, due_at, recorded_at)
                VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)
                """
        )
        for broadcast in broadcasts {
            let recorded = broadcast.recordedAt.timeIntervalSince1970
            try insert.execute(
                arguments: [
                    broadcast.txHash, broadcast.actionIndex, Int64(broadcast.chainId), Data(broadcast.signedTransaction),
                    broadcast.transactionHash, recorded, recorded,
                ]
            )
        }
    }

    private static func broadcast(_ row: Row) throws -> Broadcast {
        guard let status = BroadcastStatus(rawValue: row["status"]) else {
            throw EngineError.storeUnavailable("a stored broadcast has an unknown status")
        }
        let blockNumber: Int64? = row["block_number"]
        return Broadcast(
            txHash: row["tx_hash"],
            actionIndex: row["action_index"],
            chainId: UInt64(row["chain_id"] as Int64),
            signedTransaction: [UInt8](row["signed_transaction"] as Data),
            transactionHash: row["transaction_hash"],
            status: status,
            blockNumber: blockNumber.map(UInt64.init),
            error: row["error"],
            attempts: row["attempts"],
            recordedAt: Date(timeIntervalSince1970: row["recorded_at"])
        )
    }
}
