/// A `MailboxCheckpointStore` that forgets everything when the process ends: for tests and for
/// setups where the keyword or move alone is enough.
public actor InMemoryMailboxCheckpointStore: MailboxCheckpointStore {
    private struct Key: Hashable {
        var mailbox: String
        var uidValidity: UInt32
    }

    private var checkpoints: [Key: UInt32] = [:]
    private var attempts: [Key: [UInt32: Int]] = [:]

    public init() {}

    public func load(mailbox: String, uidValidity: UInt32) -> UInt32? {
        checkpoints[Key(mailbox: mailbox, uidValidity: uidValidity)]
    }

    public func save(mailbox: String, uidValidity: UInt32, lastHandledUID: UInt32) {
        checkpoints[Key(mailbox: mailbox, uidValidity: uidValidity)] = lastHandledUID
    }

    public func beginAttempt(mailbox: String, uidValidity: UInt32, uid: UInt32) -> Int {
        let key = Key(mailbox: mailbox, uidValidity: uidValidity)
        let count = (attempts[key]?[uid] ?? 0) + 1
        attempts[key, default: [:]][uid] = count
        return count
    }

    public func endAttempt(mailbox: String, uidValidity: UInt32, uid: UInt32) {
        attempts[Key(mailbox: mailbox, uidValidity: uidValidity)]?[uid] = nil
    }
}
