import ErrorCodes

/// For a refused mail, in plain words: what went wrong and what the reader can do about it. Codes
/// without words of their own get the generic ones; the code itself is only given below the
/// separator of the reply, for the application.
enum RefusalAdvice {
    /// What went wrong, to follow "Your transaction was not executed: ".
    static func cause(_ code: ErrorCode) -> String {
        switch code {
        case .nonceMismatch: "the transaction was replaced by another one or was already used"
        case .mailTooOld: "your mail was signed too long ago to be accepted"
        case .mailInFuture: "your mail is dated in the future"
        case .mailAgeUnknown: "the time your mail was sent could not be established"
        case .emailReplayed: "this mail was already used once"
        case .senderNotOnAccount: "your address may not approve this transaction"
        case .transactionNotFound: "no transaction is waiting under the number in your subject"
        case .notAddressedToService: "your mail was not addressed to this service"
        case .txHashNotInSubject, .txHashMismatch, .txHashAmbiguous: "the subject does not name the transaction of your mail"
        case .dkimSubjectNotSigned, .dkimTestingKey: "your mail provider's signature on the mail is not one this service can accept"
        case .transactionExecuted: "the transaction was already executed"
        case .authTargetAmbiguous: "it is not clear which of your sign-ins should approve"
        default:
            switch code.category {
            case .malformed: "the mail or the transaction in it could not be read"
            case .conflict: "the account has changed since the transaction was made"
            default: "it was refused"
            }
        }
    }

    /// The next step for the reader.
    static func nextStep(_ code: ErrorCode) -> String {
        switch code {
        case .nonceMismatch, .transactionExecuted:
            "Ask the app for a new transaction and approve that one."
        case .mailTooOld, .mailInFuture, .mailAgeUnknown:
            "Send a new approval: reply to the app's request again, or ask the app for a new one."
        case .emailReplayed:
            "Nothing to do if you approved it before; otherwise ask the app for a new transaction."
        case .transactionNotFound:
            "Ask the app for the transaction again: it may have expired."
        case .notAddressedToService, .txHashNotInSubject, .txHashMismatch, .txHashAmbiguous:
            "Send the approval again as the app prepared it, without changing its subject or recipients."
        case .dkimSubjectNotSigned, .dkimTestingKey:
            "Send the approval from a mail provider that signs its mail with DKIM, or approve in the app another way."
        case .authTargetAmbiguous:
            "Ask the app to name the identity that approves, or approve in the app another way."
        default:
            "If you did not expect this, ask the app that sent you here; nothing was changed."
        }
    }
}
