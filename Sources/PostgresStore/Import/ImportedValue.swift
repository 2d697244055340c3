import AccountEngine
import Foundation
import GRDB
import PostgresNIO

/// One SQLite value as read, before it is bound for PostgreSQL as its column's type.
enum ImportedValue: Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let integer): self = .integer(integer)
        case .double(let real): self = .real(real)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .blob(data)
        }
    }

    /// Appends the value as `column`'s PostgreSQL type. A value that type cannot hold (text in an
    /// INTEGER column of a table without SQLite's STRICT, a boolean other than 0 or 1) is refused,
    /// naming the table and column, rather than guessed at.
    func bind(into bindings: inout PostgresBindings, as column: ImportedColumn, table: String) throws {
        switch (column.kind, self) {
        case (_, .null): bindings.appendNull()
        case (.text, .text(let text)): bindings.append(text)
        case (.integer, .integer(let integer)): bindings.append(integer)
        case (.integer, .real(let real)) where real.rounded() == real && abs(real) < 0x1p63: bindings.append(Int64(real))
        case (.real, .real(let real)): bindings.append(real)
        case (.real, .integer(let integer)): bindings.append(Double(integer))
        case (.blob, .blob(let data)): try bindings.append(data)
        case (.blob, .text(let text)): try bindings.append(Data(text.utf8))
        case (.boolean, .integer(let integer)) where integer == 0 || integer == 1: bindings.append(integer == 1)
        default:
            throw EngineError(
                .storeMigrateSourceInvalid,
                message: "\(table).\(column.name) holds \(description), which PostgreSQL's \(column.kind) column cannot take"
            )
        }
    }

    private var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let integer): "the integer \(integer)"
        case .real(let real): "the number \(real)"
        case .text: "text"
        case .blob(let data): "a \(data.count)-byte blob"
        }
    }
}
