import AccountEngine
import ErrorCodes
import PostgresNIO

extension SQLiteImport {
    /// Locks every table the copy writes against other writers (an instance serving on the
    /// database waits until the copy commits or rolls back) and refuses a database that holds
    /// chainmail rows in any of them: the copy never merges into or overwrites a store.
    static func lockEmptyTarget(_ session: PostgresSession) async throws {
        let names = ImportedTable.all.map(\.name)
        try await session.rows(PostgresQuery(unsafeSQL: "LOCK TABLE \(names.joined(separator: ", ")) IN EXCLUSIVE MODE"))
        let probes = names.map { "SELECT '\($0)'::text WHERE EXISTS (SELECT 1 FROM \($0))" }.joined(separator: " UNION ALL ")
        let occupied = try await session.rows(PostgresQuery(unsafeSQL: probes)).map { try $0.decode(String.self) }
        guard occupied.isEmpty else {
            throw EngineError(
                .storeMigrateTargetNotEmpty,
                message:
                    "the PostgreSQL database already holds chainmail rows (in \(occupied.joined(separator: ", "))); migrate only into a database no chainmail has used"
            )
        }
    }
}
