import AccountEngine
import ErrorCodes
import Foundation
import Logging
import PostgresNIO

/// The account store on PostgreSQL (postgres-nio), for several chainmail instances sharing one
/// database: the same protocols and semantics as `SQLiteAccountStore`.
///
/// Each call is one transaction on one pooled connection (a commit with nothing but the nonce and
/// the transaction's record is one statement, `OneStatementCommit`, in one round trip). Where
/// SQLite serialises every write, this store takes the locks that matter: the account's nonce row
/// for the compare-and-set of `commit`, a transaction-scoped advisory lock on the transaction hash for
/// `commit` and `keep` of the same transaction, row locks of `INSERT … ON CONFLICT` for proof
/// state, and `FOR UPDATE SKIP LOCKED` for leases. Sessions run with `synchronous_commit = on`.
/// A database that cannot be reached makes a call fail with `store_unavailable` after
/// `Configuration.operationTimeout`; the pool reconnects by itself once it is back.
public final class PostgresAccountStore: AccountStore, Sendable {
    public let configuration: Configuration
    let logger: Logger
    /// The connections, with the last failed attempt to connect (named by a call that times out).
    let pool: PostgresConnectionPool
    /// The deadlines of the calls in flight (`Configuration.operationTimeout`), one watcher for all.
    let deadlines = DeadlineWatch()
    /// What this instance's own commits left behind, as SQLite's store keeps it (see
    /// `ExecutionAccountCache`: safe with other instances writing, since every commit is a
    /// compare-and-set on the nonce and the engine confirms a refusal against the database).
    private let executionCache = ExecutionAccountCache()

    /// Connects, and brings the schema to the current version under an advisory lock (instances
    /// starting together migrate one after the other). Fails with `invalid_configuration` for a
    /// bad URL, or `store_unavailable` when the database cannot be reached or migrated.
    public init(configuration: Configuration, logger: Logger = Logger(label: "chainmail.postgres")) async throws {
        self.configuration = configuration
        self.logger = logger
        let connection = try configuration.connectionConfiguration()
        pool = PostgresConnectionPool(size: configuration.poolSize) { id in
            try await PostgresConnection.connect(configuration: connection, id: id, logger: logger)
        }
        do {
            try await migrate()
        } catch {
            await pool.close()
            throw error
        }
    }

    /// Closes the pool's connections; the store answers `store_unavailable` afterwards.
    public func close() async {
        await pool.close()
    }

    public func createAccount(id accountId: String, identities: [AuthIdentity]) async throws -> Account {
        try AccountID.validate(accountId)
        executionCache.forget(id: accountId)
        let createdAt = Date().timeIntervalSince1970
        let account = try await transaction { session in
            try await session.rows(
                "INSERT INTO account_nonces (account_id, next_nonce) VALUES (\(accountId), 0) ON CONFLICT (account_id) DO NOTHING"
            )
            // Of two creations at once, the second waits for the first's row and then inserts nothing.
            let inserted = try await session.exists(
                """
                INSERT INTO accounts (account_id, created_at) VALUES (\(accountId), \(createdAt))
                ON CONFLICT (account_id) DO NOTHING RETURNING account_id
                """
            )
            guard inserted else { throw EngineError.accountExists(accountId) }
            for (position, identity) in identities.enumerated() {
                try await session.rows(
                    """
                    INSERT INTO account_identities (account_id, position, identity_key, match_key)
                    VALUES (\(accountId), \(position), \(identity.canonicalKey), \(identity.matchKey))
                    """
                )
            }
            guard let account = try await Self.loadAccount(session, accountId) else {
                throw EngineError.storeUnavailable("account \(accountId) vanished while being created")
            }
            return .commit(account)
        }
        executionCache.remember(account)
        return account
    }

    public func account(id accountId: String) async throws -> Account? {
        try await withSession { session in try await Self.loadAccount(session, accountId) }
    }

    /// Answered from the accounts this instance's own commits left behind when it can.
    public func accountForExecution(id accountId: String) async throws -> Account? {
        if let cached = executionCache.account(id: accountId) { return cached }
        let account = try await account(id: accountId)
        if let account { executionCache.remember(account) }
        return account
    }

    public func accounts(holding identity: AuthIdentity) async throws -> [Account] {
        let matchKey = identity.matchKey
        return try await transaction { session in
            // One snapshot for the ids and the accounts they name.
            try await session.rows("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            let ids = try await session.rows(
                "SELECT account_id FROM account_identities WHERE match_key = \(matchKey) ORDER BY account_id"
            ).map { try $0.decode(String.self) }
            var accounts: [Account] = []
            for id in ids {
                if let account = try await Self.loadAccount(session, id) { accounts.append(account) }
            }
            return .commit(accounts)
        }
    }

    public func commit(_ commit: AccountCommit) async throws -> CommitOutcome {
        try await executionCache.recording(commit) {
            commit.fitsOneStatement ? try await writeInOneStatement(commit) : try await write(commit)
        }
    }

    /// One transaction: the nonce compare-and-set, the proof state, the change and its records.
    private func write(_ commit: AccountCommit) async throws -> CommitOutcome {
        try await transaction { session in
            // One round trip takes both locks, in the order every commit and `keep` takes them: the
            // transaction's advisory lock (serialising this commit with a `keep` of the same
            // transaction) is taken by the CTE the join reads before its row is locked, as row locks
            // are taken on the join's output. The nonce row stays locked to the end: a concurrent
            // commit of the account waits here and then reads the nonce this one wrote, so of two
            // with the same nonce one conflicts.
            let current = try await session.rows(
                """
                WITH locked AS MATERIALIZED (SELECT pg_advisory_xact_lock(hashtextextended(\("tx:" + commit.txHash), 0)))
                SELECT n.next_nonce FROM locked, accounts a JOIN account_nonces n ON n.account_id = a.account_id
                WHERE a.account_id = \(commit.accountId) FOR UPDATE OF n
                """
            ).first.map { try $0.decode(Int64.self) }
            guard let current, UInt64(current) == commit.expectedNonce else {
                return .rollback(.nonceConflict(currentNonce: current.map(UInt64.init)))
            }
            for change in commit.proofStateChanges {
                if let conflict = try await Self.apply(session, change, at: commit.executedAt) {
                    return .rollback(.proofStateConflict(conflict))
                }
            }
            // The nonce moves, the transaction is recorded and its kept copy cleared by the statement
            // that is the whole of a plain commit (`OneStatementCommit`): the row is locked and
            // checked above, so its compare-and-set raises it. It runs before the change, whose
            // DeleteAccount removes the account row the statement looks for.
            guard try await session.rows(OneStatementCommit(commit)).count == 1 else {
                throw EngineError.storeUnavailable("the nonce of account \(commit.accountId) moved while it was locked")
            }
            switch commit.change {
            case .replaceIdentities(let identities):
                try await session.rows("DELETE FROM account_identities WHERE account_id = \(commit.accountId)")
                for (position, identity) in identities.enumerated() {
                    try await session.rows(
                        """
                        INSERT INTO account_identities (account_id, position, identity_key, match_key)
                        VALUES (\(commit.accountId), \(position), \(identity.canonicalKey), \(identity.matchKey))
                        """
                    )
                }
            case .keepIdentities:
                break
            case .deleteAccount:
                try await session.rows("DELETE FROM accounts WHERE account_id = \(commit.accountId)")
            }
            try await Self.insertBroadcasts(session, commit.broadcasts)
            try await Self.recordConsents(session, commit)
            try await commit.mailRecord?.write(session)
            return .commit(.committed)
        }
    }

    public func executedTransaction(txHash: String) async throws -> ExecutedTransaction? {
        try await withSession { session in
            try await session.rows(
                "SELECT account_id, nonce, result_json, recorded_at FROM transactions WHERE tx_hash = \(txHash) AND status = 'executed'"
            ).first.map { row in
                let (accountId, nonce, resultJSON, recordedAt) = try row.decode((String, Int64, String, Double).self)
                return ExecutedTransaction(
                    txHash: txHash,
                    accountId: accountId,
                    nonce: UInt64(nonce),
                    resultJSON: resultJSON,
                    executedAt: Date(timeIntervalSince1970: recordedAt)
                )
            }
        }
    }

    /// The plan PostgreSQL chooses for finding accounts by identity when it may not scan the
    /// whole table (tests check the index serves the lookup; on a small table a scan is cheaper).
    package func identityLookupPlan() async throws -> [String] {
        try await transaction { session in
            try await session.rows("SET LOCAL enable_seqscan = off")
            try await session.rows("SET LOCAL enable_bitmapscan = off")
            let plan = try await session.rows(
                "EXPLAIN SELECT account_id FROM account_identities WHERE match_key = \("x") ORDER BY account_id"
            ).map { try $0.decode(String.self) }
            return .rollback(plan)
        }
    }

    /// A session setting as the store's connections have it (tests check `synchronous_commit`).
    package func sessionSetting(_ name: String) async throws -> String {
        try await withSession { session in
            try await session.rows("SELECT current_setting(\(name))").first.map { try $0.decode(String.self) } ?? ""
        }
    }

    /// Takes the transaction-scoped advisory lock of `txHash` (`commit` takes the same one in its
    /// first statement).
    static func lockTransaction(_ session: PostgresSession, _ txHash: String) async throws {
        try await session.rows("SELECT pg_advisory_xact_lock(hashtextextended(\("tx:" + txHash), 0))")
    }

    /// The nonce and the identities in order (`AccountRead`, prepared once per connection).
    static func loadAccount(_ session: PostgresSession, _ accountId: String) async throws -> Account? {
        let rows = try await session.rows(AccountRead(accountId: accountId))
        guard let first = rows.first else { return nil }
        let identities = try rows.compactMap { row in try row.identityKey.map { try AuthIdentity(storedJSONText: $0) } }
        return Account(accountId: accountId, nonce: UInt64(first.nonce), authIdentities: identities)
    }
}
