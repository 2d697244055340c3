/// One column copied from the SQLite store into PostgreSQL: its name, the same in both, and the
/// PostgreSQL type its values become.
struct ImportedColumn: Sendable {
    enum Kind: Sendable {
        /// TEXT in both.
        case text
        /// SQLite INTEGER → BIGINT.
        case integer
        /// SQLite REAL → DOUBLE PRECISION (times, seconds since 1970).
        case real
        /// SQLite BLOB → BYTEA.
        case blob
        /// SQLite INTEGER 0 or 1 → BOOLEAN.
        case boolean
    }

    let name: String
    let kind: Kind

    init(_ name: String, _ kind: Kind = .text) {
        self.name = name
        self.kind = kind
    }
}
