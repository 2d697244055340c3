/// A `MailboxCheckpointStore` that forgets everything when the process ends: for tests and for
/// setups where the keyword or move alone is enough.
public actor InMemoryMailboxCheckpointStore: MailboxCheckpointStore {
    private struct Key: Hashable {
        var mailbox: String
        var uidValidity: UInt32
    }

    private var checkpoints: [Key: UInt32] = [:]

    public init() {}

    public func load(mailbox: String, uidValidity: UInt32) -> UInt32? {
        checkpoints[Key(mailbox: mailbox, uidValidity: uidValidity)]
    }

    public func save(mailbox: String, uidValidity: UInt32, lastHandledUID: UInt32) {
        checkpoints[Key(mailbox: mailbox, uidValidity: uidValidity)] = lastHandledUID
    }
}
