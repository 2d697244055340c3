import AccountEngine
import ErrorCodes

/// A mail that could not be handled now for a cause that is not its fault: a DKIM key look-up
/// that failed temporarily, the store or the signer down (an error of category `unavailable`).
/// Nothing was recorded for it; it is handled again later, from the start.
struct MailDeferral: Error, Sendable, CustomStringConvertible {
    /// The cause, with its stable code (`dkim_key_lookup_failed`, `store_unavailable`, …).
    let error: EngineError
    /// How far the mail got: whom a delay notice may go to, and what it threads on.
    let attempt: MailAttempt

    /// `cause` as a coded error of category `unavailable`: an engine error keeps its code, any other
    /// failure (the ledger's database) counts as the store being unavailable.
    init(_ cause: any Error, attempt: MailAttempt) {
        if let engineError = cause as? EngineError, engineError.category == .unavailable {
            error = engineError
        } else {
            error = EngineError(.storeUnavailable, message: "the store failed: \(cause)")
        }
        self.attempt = attempt
    }

    var description: String { error.description }
}
