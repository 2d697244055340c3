/// Remembers, per mailbox and UIDVALIDITY, the highest UID up to which every message has been
/// handled and marked. The poller only asks the server for UIDs above it, which keeps rounds
/// cheap in a large mailbox and stops a message whose mark was lost from coming back. A message
/// answered `.retryLater` holds the checkpoint below itself until it is done.
public protocol MailboxCheckpointStore: Sendable {
    /// The checkpoint, or nil when none is stored for this mailbox and UIDVALIDITY (a new
    /// UIDVALIDITY has none, so every message counts as new).
    func load(mailbox: String, uidValidity: UInt32) async throws -> UInt32?
    func save(mailbox: String, uidValidity: UInt32, lastHandledUID: UInt32) async throws

    /// Counts one more attempt at handling a message, durably, before it is handed over, and
    /// answers the count: a message whose handling kills the process is counted at every restart,
    /// so the poller can set it aside after a bounded number instead of dying on it for ever.
    func beginAttempt(mailbox: String, uidValidity: UInt32, uid: UInt32) async throws -> Int

    /// Forgets the count once the handling returned (done, or left for a later round).
    func endAttempt(mailbox: String, uidValidity: UInt32, uid: UInt32) async throws
}
