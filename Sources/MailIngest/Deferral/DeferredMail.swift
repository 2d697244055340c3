import ErrorCodes
import Foundation

/// What the mail ledger keeps about a mailbox message left for later (`MailDeferral`), under its
/// redelivery key, until the message gets its outcome.
public struct DeferredMail: Sendable, Hashable {
    public let redeliveryKey: String
    /// When the message was first left for later.
    public let firstDeferredAt: Date
    /// How many times it was left for later.
    public let attempts: Int
    /// Before this, the message is not handled again.
    public let nextAttemptAt: Date
    /// The code of the last cause.
    public let reason: String
    /// Whether its sender was told it is delayed (once per message at most).
    public let noticeSent: Bool

    public init(redeliveryKey: String, firstDeferredAt: Date, attempts: Int, nextAttemptAt: Date, reason: String, noticeSent: Bool) {
        self.redeliveryKey = redeliveryKey
        self.firstDeferredAt = firstDeferredAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.reason = reason
        self.noticeSent = noticeSent
    }
}
