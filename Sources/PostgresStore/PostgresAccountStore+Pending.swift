import AccountEngine
import Foundation
import PostgresNIO

/// Transactions awaiting proofs, their kept proofs, and the consents recorded with executions
/// (PROTOCOL.md section 4.1).
extension PostgresAccountStore {
    /// As SQLite's: the kept transaction with every proof it now holds. Serialised with other
    /// `keep`s and the `commit` of the same transaction by their advisory lock, so of two proofs
    /// kept at once the second sees the first, and a proof that raced the execution is refused.
    public func keep(_ keep: ProofsToKeep) async throws -> KeepOutcome {
        try await transaction { session in
            try await Self.lockTransaction(session, keep.txHash)
            let now = keep.now.timeIntervalSince1970
            try await session.rows("DELETE FROM pending_transactions WHERE tx_hash = \(keep.txHash) AND expires_at < \(now)")
            // An executed transaction is never kept again: a proof that raced its execution must
            // not leave it awaiting proofs (its commit removed what was kept).
            if try await session.exists("SELECT 1 FROM transactions WHERE tx_hash = \(keep.txHash) AND status = 'executed'") {
                throw EngineError.transactionExecuted
            }
            for change in keep.proofStateChanges {
                if let conflict = try await Self.apply(session, change, at: keep.now) {
                    return .rollback(.proofStateConflict(conflict))
                }
            }
            try await session.rows(
                """
                INSERT INTO pending_transactions (tx_hash, account_id, transaction_json, created_at, expires_at)
                VALUES (\(keep.txHash), \(keep.accountId), \(keep.transactionJSON), \(now), \(keep.expiresAt.timeIntervalSince1970))
                ON CONFLICT (tx_hash) DO NOTHING
                """
            )
            for proof in keep.proofs {
                try await session.rows(
                    """
                    INSERT INTO pending_proofs (tx_hash, match_key, role, identity_key, auth_target_key, evidence_json, recorded_at)
                    VALUES (\(keep.txHash), \(proof.identity.matchKey), \(proof.role.rawValue), \(proof.identity.canonicalKey),
                    \(proof.authTarget?.canonicalKey), \(proof.evidenceJSON), \(proof.recordedAt.timeIntervalSince1970))
                    ON CONFLICT (tx_hash, match_key, role) DO NOTHING
                    """
                )
            }
            guard let pending = try await Self.loadPending(session, txHash: keep.txHash, now: now) else {
                throw EngineError.storeUnavailable("the transaction \(keep.txHash) vanished while its proofs were kept")
            }
            return .commit(.kept(pending))
        }
    }

    public func pendingTransaction(txHash: String, now: Date) async throws -> PendingTransaction? {
        try await transaction { session in
            try await session.rows("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return .commit(try await Self.loadPending(session, txHash: txHash, now: now.timeIntervalSince1970))
        }
    }

    public func auditIdentities() async throws -> [IdentityAuditFinding] {
        try await transaction { session in
            try await session.rows("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            var found: [IdentityAuditFinding] = []
            let held = try await session.rows("SELECT account_id, identity_key FROM account_identities ORDER BY account_id, position")
            for row in held {
                let (accountId, key) = try row.decode((String, String).self)
                let identity = try AuthIdentity(storedJSONText: key)
                if !identity.satisfiesPathRules {
                    found.append(IdentityAuditFinding(accountId: accountId, identity: identity, problem: .breaksPathRules))
                }
            }
            let executed = try await session.rows(
                "SELECT tx_hash, account_id, result_json, recorded_at FROM transactions WHERE status = 'executed' ORDER BY recorded_at, tx_hash"
            )
            for row in executed {
                let (txHash, accountId, resultJSON, recordedAt) = try row.decode((String, String, String?, Double).self)
                for identity in try IdentityAuditFinding.addedIdentities(resultJSON: resultJSON) {
                    let consented = try await session.exists(
                        """
                        SELECT 1 FROM identity_consents
                        WHERE account_id = \(accountId) AND match_key = \(identity.matchKey) AND tx_hash = \(txHash)
                        """
                    )
                    let stillThere = try await session.exists(
                        "SELECT 1 FROM account_identities WHERE account_id = \(accountId) AND match_key = \(identity.matchKey)"
                    )
                    guard !consented, stillThere else { continue }
                    let problem = IdentityAuditFinding.Problem.addedWithoutConsent(
                        txHash: txHash,
                        executedAt: Date(timeIntervalSince1970: recordedAt)
                    )
                    found.append(IdentityAuditFinding(accountId: accountId, identity: identity, problem: problem))
                }
            }
            return .commit(found)
        }
    }

    static func recordConsents(_ session: PostgresSession, _ commit: AccountCommit) async throws {
        for identity in commit.consentedIdentities {
            try await session.rows(
                """
                INSERT INTO identity_consents (account_id, match_key, tx_hash, consented_at)
                VALUES (\(commit.accountId), \(identity.matchKey), \(commit.txHash), \(commit.executedAt.timeIntervalSince1970))
                ON CONFLICT DO NOTHING
                """
            )
        }
    }

    private static func loadPending(_ session: PostgresSession, txHash: String, now: TimeInterval) async throws -> PendingTransaction? {
        guard
            let row = try await session.rows(
                "SELECT account_id, transaction_json, expires_at FROM pending_transactions WHERE tx_hash = \(txHash) AND expires_at >= \(now)"
            ).first
        else { return nil }
        let (accountId, transactionJSON, expiresAt) = try row.decode((String, String, Double).self)
        let proofs = try await session.rows(
            """
            SELECT role, identity_key, auth_target_key, evidence_json, recorded_at FROM pending_proofs
            WHERE tx_hash = \(txHash) ORDER BY recorded_at, seq
            """
        ).map { proof throws -> KeptProof in
            let (role, identityKey, authTargetKey, evidenceJSON, recordedAt) = try proof.decode((String, String, String?, String, Double).self)
            return KeptProof(
                identity: try AuthIdentity(storedJSONText: identityKey),
                role: KeptProof.Role(rawValue: role) ?? .consent,
                authTarget: try authTargetKey.map { try AuthIdentity(storedJSONText: $0) },
                evidenceJSON: evidenceJSON,
                recordedAt: Date(timeIntervalSince1970: recordedAt)
            )
        }
        return PendingTransaction(
            txHash: txHash,
            accountId: accountId,
            transactionJSON: transactionJSON,
            expiresAt: Date(timeIntervalSince1970: expiresAt),
            proofs: proofs
        )
    }
}
