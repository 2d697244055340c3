import Foundation

/// Whether the DNS servers have gone quiet: a query timed out, and no server has answered since.
///
/// libunbound, once a server leaves its queries unanswered, marks it as down and for a while
/// answers SERVFAIL at once without asking it (until a probe finds it back). Such a SERVFAIL says
/// nothing about the name; this is what tells it apart from a SERVFAIL the server sent.
final class ServerSilence: @unchecked Sendable {
    private let lock = NSLock()
    private var silent = false

    /// Takes note of one query's outcome and tells whether the servers are silent now.
    func record(_ outcome: UnboundOutcome) -> Bool {
        lock.withLock {
            if outcome.heardFromServer {
                silent = false
            } else if case .failure(let failure) = outcome, failure.cause == .timeout {
                silent = true
            }
            return silent
        }
    }
}
