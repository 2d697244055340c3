import AccountEngine

/// What the pipeline keeps about mail, beside the accounts: outcomes and replies to send.
/// (Transactions prepared for approval by mail are kept by the engine, with their proofs.)
public protocol MailLedger: Sendable {
    /// The outcome recorded for an earlier delivery of the same mail, if any.
    func outcome(redeliveryKey: String) async throws -> MailOutcome?

    /// Records `outcome` (under the redelivery key when there is one, and a refusal under its
    /// txHash) and queues `reply`, all in one transaction: a reply is queued exactly once.
    func record(_ outcome: MailOutcome, redeliveryKey: String?, reply: OutgoingMail?) async throws
}
