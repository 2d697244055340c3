import AccountEngine
import ErrorCodes
import Foundation
import GRDB
import PostgresNIO

/// Copies a SQLite store (accounts, nonces, transactions, proof state, OIDC keys, sent chain
/// transactions, service metadata and the mail ledger in the same file) into an empty PostgreSQL
/// database, for `chainmail store migrate`.
///
/// The copy is one PostgreSQL transaction: the target's tables locked against writers, found
/// empty (`store_migrate_target_not_empty` otherwise), each table copied in pages of rows read by
/// rowid and inserted a batch at a time (memory stays bounded), the numbered tables' sequences set
/// past the copied rows, then checked (the rows of every table, and every account's next nonce,
/// equal on both sides: `store_migrate_check_failed` otherwise) before it commits. Any failure rolls
/// it all back, so the target is either a whole copy or untouched. A table or column of the source
/// that the copy does not know is refused (`store_migrate_unknown_table`) before anything is
/// written, rather than left behind.
public struct SQLiteImport: Sendable {
    let source: any DatabaseReader
    let target: PostgresAccountStore
    let timeout: Duration

    /// `source` opened (and so migrated to this chainmail's newest schema, with the mail ledger's
    /// tables), `target` opened (its schema created); the copy may take up to `timeout`.
    public init(source: SQLiteAccountStore, target: PostgresAccountStore, timeout: Duration = .seconds(3600)) {
        self.source = source.database
        self.target = target
        self.timeout = timeout
    }

    /// Copies, checks and commits; answers what was copied.
    public func run() async throws -> SQLiteImportReport {
        try await checkSourceTables()
        let source = self.source
        return try await target.transaction(timeout: timeout) { session in
            try await Self.lockEmptyTarget(session)
            var copied: [String: Int] = [:]
            for table in ImportedTable.all {
                copied[table.name] = try await Self.copy(table, from: source, to: session)
            }
            return .commit(try await Self.check(copied: copied, source: source, target: session))
        }
    }

    /// Copies one table's rows in rowid order, a page at a time; answers how many.
    static func copy(_ table: ImportedTable, from source: any DatabaseReader, to session: PostgresSession) async throws -> Int {
        var after = Int64.min
        var copied = 0
        do {
            while true {
                let position = after
                let rows = try await source.read { db in try table.page(db, after: position) }
                guard let last = rows.last else { break }
                try await session.rows(try table.insert(rows))
                copied += rows.count
                after = last.rowid
            }
            if table.numbered { try await session.rows(table.sequenceReset) }
        } catch let error as EngineError {
            throw error
        } catch let error as DatabaseError {
            throw EngineError(.storeMigrateSourceInvalid, message: "reading \(table.name) from SQLite: \(error)")
        } catch {
            let failure = PostgresAccountStore.storeError(error)
            throw EngineError(failure.errorCode, message: "copying \(table.name): \(failure.message)")
        }
        return copied
    }
}
