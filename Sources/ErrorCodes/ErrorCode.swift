/// A stable error code: a snake_case name that clients and tests match on, and the category that
/// says what kind of failure it is. Two codes are equal when their names are, whatever their
/// categories, so a code compares like the string clients see.
public struct ErrorCode: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let category: ErrorCategory

    init(_ name: String, _ category: ErrorCategory) {
        self.name = name
        self.category = category
    }

    public var description: String { name }

    public static func == (lhs: ErrorCode, rhs: ErrorCode) -> Bool { lhs.name == rhs.name }

    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
