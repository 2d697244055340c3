import AccountEngine
import ErrorCodes
import GRDB
import PostgresNIO

extension SQLiteImport {
    /// Accounts' nonces compared at a time.
    static let noncePage = 500

    /// Inside the copy's transaction, before it commits: every table's rows counted in SQLite, as
    /// copied and in PostgreSQL, and every account's next nonce read on both sides, equal; else
    /// `store_migrate_check_failed` naming the table and the figures (and the copy rolls back).
    static func check(copied: [String: Int], source: any DatabaseReader, target session: PostgresSession) async throws -> SQLiteImportReport {
        var tables: [SQLiteImportReport.Table] = []
        for table in ImportedTable.all {
            let inSource = try await source.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table.name)\"") ?? 0 }
            let inTarget =
                try await session.rows(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table.name)"))
                .first.map { Int(try $0.decode(Int64.self)) } ?? 0
            let written = copied[table.name] ?? 0
            guard inSource == inTarget, written == inSource else {
                throw EngineError(
                    .storeMigrateCheckFailed,
                    message: "\(table.name): \(inSource) rows in SQLite, \(written) copied, \(inTarget) in PostgreSQL; nothing was kept"
                )
            }
            tables.append(SQLiteImportReport.Table(name: table.name, sourceRows: inSource, targetRows: inTarget))
        }
        let compared = try await compareNonces(source: source, target: session)
        return SQLiteImportReport(tables: tables, noncesCompared: compared)
    }

    /// `account_nonces` row by row, a page of each side at a time in account id order (bytewise on
    /// both: SQLite's BINARY collation, PostgreSQL's "C"); answers how many rows compared equal.
    static func compareNonces(source: any DatabaseReader, target session: PostgresSession) async throws -> Int {
        var after = ""
        var compared = 0
        while true {
            let position = after
            let inSource = try await source.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT account_id, next_nonce FROM account_nonces WHERE account_id > ? ORDER BY account_id LIMIT ?",
                    arguments: [position, noncePage]
                ).map { NonceRow(accountId: $0[0], nextNonce: $0[1]) }
            }
            let inTarget = try await session.rows(
                "SELECT account_id, next_nonce FROM account_nonces WHERE account_id > \(position) ORDER BY account_id LIMIT \(noncePage)"
            ).map { row in
                let (accountId, nextNonce) = try row.decode((String, Int64).self)
                return NonceRow(accountId: accountId, nextNonce: nextNonce)
            }
            if let difference = NonceRow.firstDifference(inSource, inTarget) {
                throw EngineError(.storeMigrateCheckFailed, message: "account_nonces: \(difference); nothing was kept")
            }
            compared += inSource.count
            guard inSource.count == noncePage, let last = inSource.last else { return compared }
            after = last.accountId
        }
    }
}
