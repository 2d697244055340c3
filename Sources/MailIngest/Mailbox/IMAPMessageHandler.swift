/// Receives each new message of the polled mailbox. Delivery is at least once: a crash or a lost
/// connection between `handle` returning `.done` and the server storing the mark hands the same
/// message over again, so implementations must be idempotent by (mailbox, uidValidity, uid).
public protocol IMAPMessageHandler: Sendable {
    func handle(_ message: FetchedMail) async -> MailHandling
}
