import Foundation
import GRDB

/// The embedded store: SQLite through GRDB, in WAL mode (a `DatabasePool`) when on disk. Writes
/// are serialised by GRDB's single writer, and each one is a transaction, so the nonce
/// compare-and-set of `commit` cannot interleave with another commit.
public final class SQLiteAccountStore: AccountStore {
    /// Shared with the other concerns kept in the same file (the mail ledger), so that one writer
    /// connection serves them all and its page cache stays warm between their transactions.
    package let database: any DatabaseWriter
    private let executionCache = ExecutionAccountCache()

    /// Opens (creating if needed) the database file at `path` and migrates it. A `durable` store
    /// (the default) survives a power loss with every acknowledged commit; `durable: false` skips
    /// the fsync of each commit, for stores that are thrown away afterwards (`chainmail replay`).
    public init(path: String, durable: Bool = true) throws {
        database = try DatabasePool.chainmail(path: path, durable: durable, migrator: Self.migrator)
    }

    /// A private in-memory database (tests, `replay`).
    public init() throws {
        let queue = try DatabaseQueue()
        try Self.migrator.migrate(queue)
        self.database = queue
    }

    public func createAccount(id accountId: String, identities: [AuthIdentity]) async throws -> Account {
        try AccountID.validate(accountId)
        executionCache.forget(id: accountId)
        let account = try await database.write { db -> Account in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM accounts WHERE account_id = ?", arguments: [accountId]) == true {
                throw EngineError.accountExists(accountId)
            }
            try db.execute(
                sql: "INSERT INTO account_nonces (account_id, next_nonce) VALUES (?, 0) ON CONFLICT (account_id) DO NOTHING",
                arguments: [accountId]
            )
            try db.execute(
                sql: "INSERT INTO accounts (account_id, created_at) VALUES (?, ?)",
                arguments: [accountId, Date().timeIntervalSince1970]
            )
            for (position, identity) in identities.enumerated() {
                try db.execute(
                    sql: "INSERT INTO account_identities (account_id, position, identity_key, match_key) VALUES (?, ?, ?, ?)",
                    arguments: [accountId, position, identity.canonicalKey, identity.matchKey]
                )
            }
            guard let account = try Self.loadAccount(db, accountId) else {
                throw EngineError.storeUnavailable("account \(accountId) vanished while being created")
            }
            return account
        }
        executionCache.remember(account)
        return account
    }

    public func account(id accountId: String) async throws -> Account? {
        try await database.read { db in try Self.loadAccount(db, accountId) }
    }

    /// Answered from the accounts this store's own commits left behind when it can (see
    /// `ExecutionAccountCache` for why that is safe), else read on the writer connection: in WAL
    /// mode a reader connection resets its page cache whenever another connection has written
    /// since its last read, so this lookup costs several times more on a reader than on the
    /// writer, whose cache the previous commit left warm. One SELECT needs no transaction.
    public func accountForExecution(id accountId: String) async throws -> Account? {
        if let cached = executionCache.account(id: accountId) { return cached }
        let account = try await database.writeWithoutTransaction { db in try Self.loadAccount(db, accountId) }
        if let account { executionCache.remember(account) }
        return account
    }

    /// One empty async read: the cost of reaching a reader connection and coming back, which every
    /// store call pays (the engine benchmark reports it).
    package func emptyReadRoundTrip() async throws {
        try await database.read { _ in }
    }

    public func accounts(holding identity: AuthIdentity) async throws -> [Account] {
        try await database.read { db in
            let ids = try String.fetchAll(
                db,
                sql: "SELECT account_id FROM account_identities WHERE match_key = ? ORDER BY account_id",
                arguments: [identity.matchKey]
            )
            return try ids.compactMap { try Self.loadAccount(db, $0) }
        }
    }

    public func commit(_ commit: AccountCommit) async throws -> CommitOutcome {
        try await executionCache.recording(commit) { try await write(commit) }
    }

    private func write(_ commit: AccountCommit) async throws -> CommitOutcome {
        try await database.write { db in
            let current = try Int64.fetchOne(
                db.cachedStatement(
                    sql: "SELECT n.next_nonce FROM accounts a JOIN account_nonces n ON n.account_id = a.account_id WHERE a.account_id = ?"
                ),
                arguments: [commit.accountId]
            )
            guard let current, UInt64(current) == commit.expectedNonce else {
                return .nonceConflict(currentNonce: current.map(UInt64.init))
            }
            // Checked before anything is written, so a refusal leaves the transaction empty.
            for change in commit.proofStateChanges {
                if let conflict = try Self.proofStateConflict(db, change) { return .proofStateConflict(conflict) }
            }
            for change in commit.proofStateChanges {
                try Self.apply(db, change, at: commit.executedAt)
            }
            try db.cachedStatement(sql: "UPDATE account_nonces SET next_nonce = next_nonce + 1 WHERE account_id = ? AND next_nonce = ?")
                .execute(arguments: [commit.accountId, current])
            switch commit.change {
            case .replaceIdentities(let identities):
                try db.cachedStatement(sql: "DELETE FROM account_identities WHERE account_id = ?").execute(arguments: [commit.accountId])
                let insert = try db.cachedStatement(
                    sql: "INSERT INTO account_identities (account_id, position, identity_key, match_key) VALUES (?, ?, ?, ?)"
                )
                for (position, identity) in identities.enumerated() {
                    try insert.execute(arguments: [commit.accountId, position, identity.canonicalKey, identity.matchKey])
                }
            case .keepIdentities:
                break
            case .deleteAccount:
                try db.execute(sql: "DELETE FROM accounts WHERE account_id = ?", arguments: [commit.accountId])
            }
            if let signing = commit.signing {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO transactions (tx_hash, account_id, nonce, status, signing_json, retry_at, recorded_at, transaction_json)
                        VALUES (?, ?, ?, 'signing', ?, ?, ?, ?)
                        """
                ).execute(
                    arguments: [
                        commit.txHash, commit.accountId, current, signing.work.storedJSON, signing.leaseUntil.timeIntervalSince1970,
                        commit.executedAt.timeIntervalSince1970, commit.transactionJSON,
                    ]
                )
            } else {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO transactions (tx_hash, account_id, nonce, status, result_json, recorded_at, transaction_json)
                        VALUES (?, ?, ?, 'executed', ?, ?, ?)
                        """
                ).execute(
                    arguments: [
                        commit.txHash, commit.accountId, current, commit.resultJSON, commit.executedAt.timeIntervalSince1970, commit.transactionJSON,
                    ]
                )
            }
            try Self.insertBroadcasts(db, commit.broadcasts)
            try Self.recordConsents(db, commit)
            if commit.clearsPending { try Self.clearPending(db, txHash: commit.txHash) }
            try commit.mailRecord?.write(db)
            return .committed
        }
    }

    public func executedTransaction(txHash: String) async throws -> ExecutedTransaction? {
        try await database.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT account_id, nonce, result_json, recorded_at FROM transactions WHERE tx_hash = ? AND status = 'executed'",
                    arguments: [txHash]
                )
            else { return nil }
            return ExecutedTransaction(
                txHash: txHash,
                accountId: row["account_id"],
                nonce: UInt64(row["nonce"] as Int64),
                resultJSON: row["result_json"],
                executedAt: Date(timeIntervalSince1970: row["recorded_at"])
            )
        }
    }

    /// The query plan SQLite chooses for finding accounts by identity (tests check it uses the index).
    package func identityLookupPlan() async throws -> [String] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: "EXPLAIN QUERY PLAN SELECT account_id FROM account_identities WHERE match_key = ? ORDER BY account_id",
                arguments: ["x"]
            ).map { $0["detail"] as String }
        }
    }

    /// One cached statement: the nonce and the identities in order (a LEFT JOIN, so an account
    /// row always comes back even in the impossible case of no identities).
    private static func loadAccount(_ db: Database, _ accountId: String) throws -> Account? {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT n.next_nonce, i.identity_key
                    FROM accounts a
                    JOIN account_nonces n ON n.account_id = a.account_id
                    LEFT JOIN account_identities i ON i.account_id = a.account_id
                    WHERE a.account_id = ?
                    ORDER BY i.position
                    """
            ),
            arguments: [accountId]
        )
        guard let first = rows.first else { return nil }
        let identities = try rows.compactMap { row throws(EngineError) -> AuthIdentity? in
            guard let key = row[1] as String? else { return nil }
            return try AuthIdentity(storedJSONText: key)
        }
        return Account(accountId: accountId, nonce: UInt64(first[0] as Int64), authIdentities: identities)
    }
}
