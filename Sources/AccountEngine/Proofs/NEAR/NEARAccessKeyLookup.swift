import NEARClient

/// What the `Account` verifier asks NEAR: the permission of an account's access key, read at
/// finality `final` (PROTOCOL.md section 4). Answers are values, not errors: an unknown account or
/// key is an expected outcome, and an RPC that cannot answer is told apart from both.
public protocol NEARAccessKeyLookup: Sendable {
    func accessKey(account: String, publicKey: NEARPublicKey) async -> NEARAccessKeyAnswer
}

/// One answer of `NEARAccessKeyLookup`.
public enum NEARAccessKeyAnswer: Sendable, Hashable {
    /// The account has the key, with this permission.
    case permission(NEARAccessKey.Permission)
    /// The account does not exist.
    case unknownAccount(String)
    /// The account exists but does not have the key.
    case unknownKey(String)
    /// No usable answer: the RPC is down, timed out, failed inside or answered what cannot be read.
    case unavailable(String)
}
