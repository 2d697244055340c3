import Foundation
import GRDB

/// Transactions awaiting proofs, their kept proofs, and the consents recorded with executions
/// (PROTOCOL.md section 4.1).
extension SQLiteAccountStore {
    public func keep(_ keep: ProofsToKeep) async throws -> KeepOutcome {
        try await database.write { db in
            let now = keep.now.timeIntervalSince1970
            try db.cachedStatement(sql: "DELETE FROM pending_transactions WHERE tx_hash = ? AND expires_at < ?")
                .execute(arguments: [keep.txHash, now])
            // An executed transaction is never kept again: a proof that raced its execution must
            // not leave it awaiting proofs (its commit removed what was kept).
            let executed = try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM transactions WHERE tx_hash = ? AND status = 'executed'"),
                arguments: [keep.txHash]
            )
            if executed == true { throw EngineError.transactionExecuted }
            for change in keep.proofStateChanges {
                if let conflict = try Self.proofStateConflict(db, change) { return .proofStateConflict(conflict) }
            }
            for change in keep.proofStateChanges {
                try Self.apply(db, change, at: keep.now)
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO pending_transactions (tx_hash, account_id, transaction_json, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?) ON CONFLICT (tx_hash) DO NOTHING
                    """
            ).execute(arguments: [keep.txHash, keep.accountId, keep.transactionJSON, now, keep.expiresAt.timeIntervalSince1970])
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO pending_proofs (tx_hash, match_key, role, identity_key, auth_target_key, evidence_json, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tx_hash, match_key, role) DO NOTHING
                    """
            )
            for proof in keep.proofs {
                try insert.execute(arguments: [
                    keep.txHash, proof.identity.matchKey, proof.role.rawValue, proof.identity.canonicalKey,
                    proof.authTarget?.canonicalKey, proof.evidenceJSON, proof.recordedAt.timeIntervalSince1970,
                ])
            }
            guard let pending = try Self.loadPending(db, txHash: keep.txHash, now: now) else {
                throw EngineError.storeUnavailable("the transaction \(keep.txHash) vanished while its proofs were kept")
            }
            return .kept(pending)
        }
    }

    public func pendingTransaction(txHash: String, now: Date) async throws -> PendingTransaction? {
        try await database.read { db in try Self.loadPending(db, txHash: txHash, now: now.timeIntervalSince1970) }
    }

    public func auditIdentities() async throws -> [IdentityAuditFinding] {
        try await database.read { db in
            var found: [IdentityAuditFinding] = []
            let held = try Row.fetchAll(db, sql: "SELECT account_id, identity_key FROM account_identities ORDER BY account_id, position")
            for row in held {
                let identity = try AuthIdentity(storedJSONText: row["identity_key"])
                if !identity.satisfiesPathRules {
                    found.append(IdentityAuditFinding(accountId: row["account_id"], identity: identity, problem: .breaksPathRules))
                }
            }
            let executed = try Row.fetchAll(
                db,
                sql: "SELECT tx_hash, account_id, result_json, recorded_at FROM transactions WHERE status = 'executed' ORDER BY recorded_at"
            )
            for row in executed {
                let accountId: String = row["account_id"]
                let txHash: String = row["tx_hash"]
                for identity in try IdentityAuditFinding.addedIdentities(resultJSON: row["result_json"]) {
                    let consented = try Bool.fetchOne(
                        db,
                        sql: "SELECT 1 FROM identity_consents WHERE account_id = ? AND match_key = ? AND tx_hash = ?",
                        arguments: [accountId, identity.matchKey, txHash]
                    )
                    let stillThere = try Bool.fetchOne(
                        db,
                        sql: "SELECT 1 FROM account_identities WHERE account_id = ? AND match_key = ?",
                        arguments: [accountId, identity.matchKey]
                    )
                    guard consented != true, stillThere == true else { continue }
                    let problem = IdentityAuditFinding.Problem.addedWithoutConsent(
                        txHash: txHash,
                        executedAt: Date(timeIntervalSince1970: row["recorded_at"])
                    )
                    found.append(IdentityAuditFinding(accountId: accountId, identity: identity, problem: problem))
                }
            }
            return found
        }
    }

    static func recordConsents(_ db: Database, _ commit: AccountCommit) throws {
        guard !commit.consentedIdentities.isEmpty else { return }
        let insert = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO identity_consents (account_id, match_key, tx_hash, consented_at) VALUES (?, ?, ?, ?)"
        )
        for identity in commit.consentedIdentities {
            try insert.execute(arguments: [commit.accountId, identity.matchKey, commit.txHash, commit.executedAt.timeIntervalSince1970])
        }
    }

    static func clearPending(_ db: Database, txHash: String) throws {
        try db.cachedStatement(sql: "DELETE FROM pending_transactions WHERE tx_hash = ?").execute(arguments: [txHash])
    }

    private static func loadPending(_ db: Database, txHash: String, now: TimeInterval) throws -> PendingTransaction? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT account_id, transaction_json, expires_at FROM pending_transactions WHERE tx_hash = ? AND expires_at >= ?"
                ),
                arguments: [txHash, now]
            )
        else { return nil }
        let proofs = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT role, identity_key, auth_target_key, evidence_json, recorded_at FROM pending_proofs
                    WHERE tx_hash = ? ORDER BY recorded_at, rowid
                    """
            ),
            arguments: [txHash]
        ).map { proof throws -> KeptProof in
            KeptProof(
                identity: try AuthIdentity(storedJSONText: proof["identity_key"]),
                role: KeptProof.Role(rawValue: proof["role"]) ?? .consent,
                authTarget: try (proof["auth_target_key"] as String?).map { try AuthIdentity(storedJSONText: $0) },
                evidenceJSON: proof["evidence_json"],
                recordedAt: Date(timeIntervalSince1970: proof["recorded_at"])
            )
        }
        return PendingTransaction(
            txHash: txHash,
            accountId: row["account_id"],
            transactionJSON: row["transaction_json"],
            expiresAt: Date(timeIntervalSince1970: row["expires_at"]),
            proofs: proofs
        )
    }
}
