/// A block's height and hash, as `block` answers them (`header.height`, `header.hash`).
public struct NEARBlock: Sendable, Hashable {
    public var height: UInt64
    /// The 32-byte hash, that a transaction names as its recent block.
    public var hash: [UInt8]

    public init(height: UInt64, hash: [UInt8]) {
        self.height = height
        self.hash = hash
    }
}

/// How final a block the RPC answers about.
public enum NEARFinality: String, Sendable {
    /// The latest block that cannot be reverted.
    case final
    /// The latest block, which may still be reverted.
    case optimistic
}
