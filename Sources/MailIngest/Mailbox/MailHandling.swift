/// What the poller does with a message after handing it over.
public enum MailHandling: Sendable, Hashable {
    /// Handled for good: mark it on the server (flag or move) and never hand it over again.
    case done
    /// Not handled now (a store or the signer is down): leave it unmarked; it comes again next round.
    case retryLater
}
