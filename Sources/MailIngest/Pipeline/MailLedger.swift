import AccountEngine
import Foundation

/// What the pipeline keeps about mail, beside the accounts: outcomes and replies to send.
/// (Transactions prepared for approval by mail are kept by the engine, with their proofs.)
public protocol MailLedger: Sendable {
    /// The outcome recorded for an earlier delivery of the same mail, if any.
    func outcome(redeliveryKey: String) async throws -> MailOutcome?

    /// Records `outcome` (under the redelivery key when there is one, and a refusal under its
    /// txHash), queues `reply` and forgets the message's deferral, all in one transaction: a reply
    /// is queued exactly once.
    func record(_ outcome: MailOutcome, redeliveryKey: String?, reply: OutgoingMail?) async throws

    /// The deferral of the mailbox message under `redeliveryKey`, while it waits for a later try.
    func deferral(redeliveryKey: String) async throws -> DeferredMail?

    /// Counts one more deferral of the message (the first one starts its clock) for the cause
    /// `reason`, and schedules its next try `policy.retryDelay` after `now`.
    func recordDeferral(redeliveryKey: String, reason: String, now: Date, policy: EmailPolicy) async throws -> DeferredMail

    /// Queues `notice` (a reply without an outcome: the mail is delayed) and marks the deferral's
    /// notice sent, in one transaction; false, and nothing queued, when a notice was sent already
    /// or the message is no longer deferred.
    func recordDelayNotice(redeliveryKey: String, notice: OutgoingMail, now: Date) async throws -> Bool

    /// The latest refusal recorded under `txHash` (only refusals of mail from a sender on the
    /// transaction's account are recorded).
    func latestRejection(txHash: String) async throws -> (code: String, message: String)?

    /// Whether this ledger's tables live in `store`'s database, on its connections, so that a
    /// mail's record joins the commit of the execution it reports (`MailLedgerRecord`).
    func recordsCommits(of store: any AccountStore) -> Bool

    /// Queues the second reply to the mail that approved the chain transaction of `actionIndex`
    /// in `txHash`, made by `reply` from what was kept for it, and forgets what was kept, in one
    /// transaction; false, and nothing queued, when nothing was kept (told twice, once queued).
    func queueBroadcastReply(
        txHash: String,
        actionIndex: Int,
        _ reply: @Sendable (_ awaitingReplyJSON: String) throws -> OutgoingMail
    ) async throws -> Bool
}

extension MailLedger {
    /// A ledger apart from the store: its records are written on their own (`record`).
    public func recordsCommits(of store: any AccountStore) -> Bool { false }

    /// A ledger apart from the store keeps no replies for sent chain transactions.
    public func queueBroadcastReply(txHash: String, actionIndex: Int, _ reply: @Sendable (String) throws -> OutgoingMail) async throws -> Bool {
        false
    }
}
