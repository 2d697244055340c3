import ErrorCodes

/// An error of a chain transaction (PROTOCOL.md section 8): a refused field, an unknown chain, a
/// node that does not answer. Carries a stable `code` from the catalogue; equal when the codes are.
public struct ChainTransactionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String

    public init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// Whether trying again later may succeed (a node that is down), as opposed to a refusal.
    public var isTemporary: Bool { code.category == .unavailable }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
