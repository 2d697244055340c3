/// What `SQLiteImport` copied and checked: each table's rows in SQLite and in PostgreSQL (equal,
/// or the copy was not kept), in the order copied.
public struct SQLiteImportReport: Sendable, Hashable {
    public struct Table: Sendable, Hashable {
        public let name: String
        public let sourceRows: Int
        public let targetRows: Int
    }

    public let tables: [Table]
    /// Accounts whose nonces were compared one by one.
    public let noncesCompared: Int

    /// The rows of `table` in PostgreSQL after the copy (0 for a table not copied).
    public func rows(in table: String) -> Int {
        tables.first { $0.name == table }?.targetRows ?? 0
    }
}
