import AccountEngine
import ErrorCodes

/// How far a mail got through the checks of section 5, and what they decided.
struct MailAttempt: Sendable {
    enum Decision: Sendable {
        case submit(Submission)
        case refuse(MailRejection)
    }

    /// Set once an aligned DKIM signature has proven the From address: only then is a reply sent.
    var provenSender: Mailbox?
    /// That signature's `b=` value, which the once-only rule keys on.
    var dkimSignature: String?
    var subject: String?
    var messageID: String?
    var references: [String] = []
    var txHash: String?
    /// The sender is an identity of the transaction's account: only then is a refusal recorded
    /// under the txHash (a consent's sender is not yet on the account).
    var senderOnAccount = false
    var decision: Decision = .refuse(.unproven(.notProcessed, "the mail was not processed"))

    func refusing(_ rejection: MailRejection) -> MailAttempt {
        var copy = self
        copy.decision = .refuse(rejection)
        return copy
    }
}
