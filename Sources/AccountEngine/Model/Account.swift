/// An account of section 2: an id, the next nonce to execute, and 1 to 16 identities in the order
/// they were added.
public struct Account: Sendable, Hashable {
    public static let maxIdentities = 16

    public let accountId: String
    public let nonce: UInt64
    public let authIdentities: [AuthIdentity]

    public init(accountId: String, nonce: UInt64, authIdentities: [AuthIdentity]) {
        self.accountId = accountId
        self.nonce = nonce
        self.authIdentities = authIdentities
    }

    public func holds(_ identity: AuthIdentity) -> Bool {
        authIdentities.contains(identity)
    }

    /// `{"accountId","nonce","authIdentities"}`.
    public var json: JSONValue {
        .object([
            "accountId": .string(accountId),
            "nonce": .integer(nonce),
            "authIdentities": .array(authIdentities.map(\.json)),
        ])
    }
}

/// Account ids of section 2: `^[a-z0-9][a-z0-9._-]{0,63}$`.
public enum AccountID {
    public static func isValid(_ accountId: String) -> Bool {
        let bytes = Array(accountId.utf8)
        guard (1...64).contains(bytes.count), isLowerAlphanumeric(bytes[0]) else { return false }
        return bytes.dropFirst().allSatisfy { byte in
            isLowerAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    public static func validate(_ accountId: String) throws(EngineError) {
        guard isValid(accountId) else { throw .invalidAccountId(accountId) }
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
