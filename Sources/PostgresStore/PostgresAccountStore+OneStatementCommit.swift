import AccountEngine
import Foundation
import PostgresNIO

extension AccountCommit {
    /// Whether the commit is only the nonce compare-and-set, the transaction's record and the
    /// clearing of its kept copy: no proof state, identity change, consent, broadcast or mail
    /// record. Most executions over HTTP are; `PostgresAccountStore` writes them in one statement.
    var fitsOneStatement: Bool {
        guard case .keepIdentities = change else { return false }
        return proofStateChanges.isEmpty && consentedIdentities.isEmpty && broadcasts.isEmpty && mailRecord == nil
    }
}

extension PostgresAccountStore {
    /// A commit that `fitsOneStatement`, as one statement in its own implicit transaction: one
    /// round trip instead of BEGIN, the locks, the record and COMMIT. The statement takes the
    /// same locks in the same order as `write`'s transaction, and is as atomic.
    func writeInOneStatement(_ commit: AccountCommit) async throws -> CommitOutcome {
        let statement = OneStatementCommit(commit)
        let raised = try await withSession { session in
            try await session.rows(statement).count
        }
        if raised == 1 { return .committed }
        // Refused: the nonce moved, or the account is not there (read again only to say which).
        let current = try await account(id: commit.accountId)?.nonce
        return .nonceConflict(currentNonce: current)
    }
}
