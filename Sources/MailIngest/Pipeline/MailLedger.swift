import AccountEngine

/// What the pipeline keeps about mail, beside the accounts: outcomes, replies to send, and the
/// transactions prepared for approval by mail.
public protocol MailLedger: Sendable {
    /// The outcome recorded for an earlier delivery of the same mail, if any.
    func outcome(redeliveryKey: String) async throws -> MailOutcome?

    /// Records `outcome` (under the redelivery key when there is one, and a refusal under its
    /// txHash) and queues `reply`, all in one transaction: a reply is queued exactly once.
    func record(_ outcome: MailOutcome, redeliveryKey: String?, reply: OutgoingMail?) async throws

    /// The transaction JSON prepared under `txHash` (POST /v1/transactions), if any.
    func preparedTransaction(txHash: String) async throws -> String?
}
