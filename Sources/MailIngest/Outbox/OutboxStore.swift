import Foundation

/// Where replies wait until the SMTP server takes them. The replier is the only consumer; the
/// pipeline adds mail in its own transaction (so a reply exists exactly when its outcome does).
public protocol OutboxStore: Sendable {
    /// Mail not yet sent nor abandoned whose next attempt is due now, oldest first.
    func pending(limit: Int) async throws -> [OutgoingMail]
    func markSent(id: String) async throws
    /// A temporary failure: count the attempt, keep the error (the transport's, such as
    /// MailTransport's `SMTPError`), wait until `nextAttemptAt`.
    func markFailed(id: String, error: any Error, nextAttemptAt: Date) async throws
    /// A permanent failure (5xx, unusable request, too many attempts): never try again.
    func markAbandoned(id: String, reason: String) async throws
}
