/// Where the instances sharing a store agree on the root key they sign with: the first to start
/// records its root public key, and every later one compares its own with the recorded one, so
/// that no two instances on one store ever sign with different roots.
public protocol RootKeyRecordStore: Sendable {
    /// Records `key` (a root public key's bytes) unless a root public key is recorded already,
    /// and answers the one recorded: `key` itself the first time, the earlier one otherwise.
    /// Of several instances recording at once, all answer the same key.
    func recordRootPublicKey(_ key: [UInt8]) async throws -> [UInt8]
}
