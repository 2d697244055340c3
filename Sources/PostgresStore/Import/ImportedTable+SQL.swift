import GRDB
import PostgresNIO

extension ImportedTable {
    /// One row as read from SQLite: its rowid (the copy's position) and its columns' values.
    typealias SourceRow = (rowid: Int64, values: [ImportedValue])

    /// The next `batchSize` rows after `rowid`, in rowid order.
    func page(_ db: Database, after rowid: Int64) throws -> [SourceRow] {
        let columns = columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT rowid, \(columns) FROM \"\(name)\" WHERE rowid > ? ORDER BY rowid LIMIT ?",
            arguments: [rowid, batchSize]
        )
        return rows.map { row in
            (rowid: row[0], values: (1...self.columns.count).map { ImportedValue(row[$0] as DatabaseValue) })
        }
    }

    /// One INSERT of `rows`, their values bound as PostgreSQL's types (and the rowid as `seq`).
    func insert(_ rows: [SourceRow]) throws -> PostgresQuery {
        let names = (numbered ? ["seq"] : []) + columns.map(\.name)
        var bindings = PostgresBindings(capacity: rows.count * names.count)
        var tuples: [String] = []
        tuples.reserveCapacity(rows.count)
        for row in rows {
            let first = bindings.count + 1
            if numbered { bindings.append(row.rowid) }
            for (column, value) in zip(columns, row.values) {
                try value.bind(into: &bindings, as: column, table: name)
            }
            tuples.append("(" + (first..<first + names.count).map { "$\($0)" }.joined(separator: ", ") + ")")
        }
        let sql = "INSERT INTO \(name) (\(names.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", "))"
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    /// Sets a numbered table's sequence past its highest `seq`, so rows added later come after the
    /// copied ones (on an empty table, the next is 1).
    var sequenceReset: PostgresQuery {
        PostgresQuery(
            unsafeSQL: """
                SELECT setval(pg_get_serial_sequence('\(name)', 'seq'), GREATEST(COALESCE(MAX(seq), 0), 1), MAX(seq) IS NOT NULL)
                FROM \(name)
                """
        )
    }
}
