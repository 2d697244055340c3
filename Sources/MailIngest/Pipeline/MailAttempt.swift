import AccountEngine
import ErrorCodes

/// How far a mail got through the checks of section 5, and what they decided.
struct MailAttempt: Sendable {
    enum Decision: Sendable {
        case submit(Submission)
        case refuse(MailRejection)
    }

    /// The From address once parsed, proven or not (for the logs).
    var from: Mailbox?
    /// Set once an aligned DKIM signature has proven the From address: only then is a reply sent.
    var provenSender: Mailbox?
    /// The From address when a signature by its domain could not be checked because its key
    /// look-up failed temporarily: not proven, but the one address a delay notice may go to.
    var keyLookupSender: Mailbox?
    /// That signature's `b=` value, which the once-only rule keys on.
    var dkimSignature: String?
    var subject: String?
    var messageID: String?
    var references: [String] = []
    var txHash: String?
    /// The transaction, once read, for the reply's account of it.
    var transaction: Transaction?
    /// The sender is an identity of the transaction's account: only then is a refusal recorded
    /// under the txHash (a consent's sender is not yet on the account).
    var senderOnAccount = false
    var decision: Decision = .refuse(.unproven(.notProcessed, "the mail was not processed"))

    /// Who is told that the mail is delayed, when it is left for later: the proven sender, or the
    /// From address whose domain signed the mail while its key could not be looked up.
    var delayNoticeAddressee: Mailbox? { provenSender ?? keyLookupSender }

    func refusing(_ rejection: MailRejection) -> MailAttempt {
        var copy = self
        copy.decision = .refuse(rejection)
        return copy
    }
}
