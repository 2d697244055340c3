import PostgresNIO

/// An account's nonce and identity keys in order, one row per identity (a LEFT JOIN, so an account
/// row always comes back even in the impossible case of no identities).
struct AccountRead: PostgresPreparedStatement {
    /// The statement's name on each connection (postgres-nio's default reflects the type's name at
    /// every execution).
    static let name = "chainmail_account_read"
    static let sql = """
        SELECT n.next_nonce, i.identity_key
        FROM accounts a
        JOIN account_nonces n ON n.account_id = a.account_id
        LEFT JOIN account_identities i ON i.account_id = a.account_id
        WHERE a.account_id = $1
        ORDER BY i.position
        """
    static let bindingDataTypes: [PostgresDataType] = [.text]

    let accountId: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(accountId)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> (nonce: Int64, identityKey: String?) {
        try row.decode((Int64, String?).self)
    }
}
