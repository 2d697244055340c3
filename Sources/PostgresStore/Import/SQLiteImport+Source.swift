import AccountEngine
import ErrorCodes
import GRDB

extension SQLiteImport {
    /// Refuses, without writing to it, a file that is not a SQLite database
    /// (`store_migrate_source_invalid`), not a chainmail store (no `knownMigrations.first`, the
    /// account store's first migration, recorded), or one a newer chainmail wrote (migrations
    /// recorded that `knownMigrations`, the account store's and the mail ledger's, lack). An older
    /// store is fine: opening it migrates it.
    public static func inspect(path: String, knownMigrations: [String]) throws {
        var configuration = Configuration()
        configuration.readonly = true
        let applied: Set<String>?
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            applied = try queue.read { db in
                guard try db.tableExists("grdb_migrations") else { return nil }
                return try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations")
            }
            try queue.close()
        } catch {
            throw EngineError(.storeMigrateSourceInvalid, message: "\(path) cannot be read as a SQLite database (\(error))")
        }
        guard let applied, let first = knownMigrations.first, applied.contains(first) else {
            throw EngineError(.storeMigrateSourceInvalid, message: "\(path) is not a chainmail store (it records no chainmail schema)")
        }
        let unknown = applied.subtracting(knownMigrations).sorted()
        guard unknown.isEmpty else {
            throw EngineError(
                .storeMigrateSourceInvalid,
                message:
                    "\(path) was written by a newer chainmail (schema migrations this one does not know: \(unknown.map(\.debugDescription).joined(separator: ", "))); migrate it with that chainmail"
            )
        }
    }

    /// The source's tables and columns are exactly those the copy knows: one more is refused
    /// (`store_migrate_unknown_table`) rather than left behind, one missing is not this
    /// chainmail's store (`store_migrate_source_invalid`).
    func checkSourceTables() async throws {
        let (unknown, missing) = try await source.read { db -> ([String], [String]) in
            let names = try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            )
            let known = Dictionary(uniqueKeysWithValues: ImportedTable.all.map { ($0.name, $0) })
            var unknown: [String] = []
            for name in names where !ImportedTable.sqliteBookkeeping.contains(name) {
                guard let table = known[name] else {
                    unknown.append("table \(name)")
                    continue
                }
                let columns = try db.columns(in: name).map(\.name)
                unknown += columns.filter { column in !table.columns.contains { $0.name == column } }.map { "column \(name).\($0)" }
            }
            var missing: [String] = []
            for table in ImportedTable.all {
                guard names.contains(table.name) else {
                    missing.append("table \(table.name)")
                    continue
                }
                let columns = try db.columns(in: table.name).map(\.name)
                missing += table.columns.filter { !columns.contains($0.name) }.map { "column \(table.name).\($0.name)" }
            }
            return (unknown, missing)
        }
        guard unknown.isEmpty else {
            throw EngineError(
                .storeMigrateUnknownTable,
                message:
                    "the SQLite store has \(unknown.joined(separator: ", ")), which this chainmail does not copy; nothing was written (was it made by a newer chainmail?)"
            )
        }
        guard missing.isEmpty else {
            throw EngineError(.storeMigrateSourceInvalid, message: "the SQLite store lacks \(missing.joined(separator: ", "))")
        }
    }
}
