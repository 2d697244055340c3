import Synchronization

/// Accounts as this process's own commits left them, so that `execute` need not read the
/// database before each commit.
///
/// Safe because every change to an account raises its nonce and every commit is a
/// compare-and-set on that nonce: an entry made stale by another process can only make a commit
/// fail, never succeed wrongly. Misses are never cached, and a refusal that rests on a cached
/// read is confirmed against the database by the engine. Bounded: when full it starts over.
package final class ExecutionAccountCache: Sendable {
    private let accounts = Mutex<[String: Account]>([:])
    private let capacity: Int

    package init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    package func account(id accountId: String) -> Account? {
        accounts.withLock { $0[accountId] }
    }

    package func remember(_ account: Account) {
        accounts.withLock { accounts in
            if accounts.count >= capacity { accounts.removeAll(keepingCapacity: true) }
            accounts[account.accountId] = account
        }
    }

    package func forget(id accountId: String) {
        _ = accounts.withLock { $0.removeValue(forKey: accountId) }
    }

    /// Runs a store's `write` of `commit` and keeps the cache in step with it: the account as the
    /// commit left it when it was committed with identities, forgotten otherwise (a deletion, a
    /// refusal, a failure).
    package func recording(_ commit: AccountCommit, _ write: () async throws -> CommitOutcome) async throws -> CommitOutcome {
        let outcome: CommitOutcome
        do {
            outcome = try await write()
        } catch {
            forget(id: commit.accountId)
            throw error
        }
        switch (outcome, commit.change) {
        case (.committed, .replaceIdentities(let identities)), (.committed, .keepIdentities(let identities)):
            remember(Account(accountId: commit.accountId, nonce: commit.expectedNonce + 1, authIdentities: identities))
        default:
            forget(id: commit.accountId)
        }
        return outcome
    }
}
