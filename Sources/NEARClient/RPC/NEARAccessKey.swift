/// An access key of an account, as `query` `view_access_key` answers it.
public struct NEARAccessKey: Sendable, Hashable {
    /// What a key may sign.
    public enum Permission: Sendable, Hashable {
        /// Any transaction.
        case fullAccess
        /// Only calls to `receiverId`'s `methodNames` (all its methods when empty), without deposit.
        case functionCall(receiverId: String, methodNames: [String])
    }

    /// The key's last used nonce; the next transaction takes a greater one.
    public var nonce: UInt64
    public var permission: Permission

    public init(nonce: UInt64, permission: Permission) {
        self.nonce = nonce
        self.permission = permission
    }

    /// Throws `near_key_not_authorised` unless the key has full access (what signing arbitrary
    /// transactions, or proving control of an account, needs).
    public func requireFullAccess(account: String, publicKey: NEARPublicKey) throws(NEARRPCError) {
        guard case .functionCall(let receiverId, _) = permission else { return }
        throw .keyNotAuthorised("\(publicKey) is a function-call key of \(account) (for \(receiverId)), not a full-access key")
    }
}
