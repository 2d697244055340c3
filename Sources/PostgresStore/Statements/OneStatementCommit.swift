import AccountEngine
import PostgresNIO

/// The nonce's compare-and-set, the transaction's record and the clearing of its kept copy, prepared
/// once per connection: the whole of a commit that `fitsOneStatement` (`writeInOneStatement`), and
/// that part of `write`'s transaction.
///
/// `locked` takes the transaction's advisory lock (serialising the commit with a `keep` of the
/// same transaction) before the nonce row's lock, which the UPDATE takes on the join's output.
/// The UPDATE is the compare-and-set: in READ COMMITTED a concurrent commit of the account makes
/// it wait, then re-check `next_nonce` on the row that commit wrote, so of two with the same nonce
/// one raises nothing. The record and the clearing of the kept copy happen only when it raised:
/// they read `raised`. The statement answers one row when it committed, none when it did not.
struct OneStatementCommit: PostgresPreparedStatement {
    /// The statement's name on each connection (postgres-nio's default reflects the type's name at
    /// every execution).
    static let name = "chainmail_one_statement_commit"
    static let sql = """
        WITH locked AS MATERIALIZED (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))),
        raised AS (
            UPDATE account_nonces n SET next_nonce = n.next_nonce + 1
            FROM locked
            WHERE n.account_id = $2 AND n.next_nonce = $3
                AND EXISTS (SELECT 1 FROM accounts a WHERE a.account_id = $2)
            RETURNING n.next_nonce
        ),
        recorded AS (
            INSERT INTO transactions (tx_hash, account_id, nonce, status, result_json, signing_json, retry_at, recorded_at, transaction_json)
            SELECT $4, $2, $3, $5, $6, $7, $8, $9, $10 FROM raised
        ),
        cleared AS (
            DELETE FROM pending_transactions WHERE $11 AND tx_hash = $4 AND EXISTS (SELECT 1 FROM raised)
        )
        SELECT next_nonce FROM raised
        """
    static let bindingDataTypes: [PostgresDataType] = [
        .text, .text, .int8, .text, .text, .text, .text, .float8, .float8, .text, .bool,
    ]
    typealias Row = Int64

    let commit: AccountCommit

    init(_ commit: AccountCommit) {
        self.commit = commit
    }

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 11)
        bindings.append("tx:" + commit.txHash)
        bindings.append(commit.accountId)
        bindings.append(Int64(commit.expectedNonce))
        bindings.append(commit.txHash)
        if let signing = commit.signing {
            bindings.append("signing")
            bindings.appendNull()
            bindings.append(signing.work.storedJSON)
            bindings.append(signing.leaseUntil.timeIntervalSince1970)
        } else {
            bindings.append("executed")
            bindings.append(commit.resultJSON)
            bindings.appendNull()
            bindings.appendNull()
        }
        bindings.append(commit.executedAt.timeIntervalSince1970)
        if let transactionJSON = commit.transactionJSON {
            bindings.append(transactionJSON)
        } else {
            bindings.appendNull()
        }
        bindings.append(commit.clearsPending)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Int64 {
        try row.decode(Int64.self)
    }
}
