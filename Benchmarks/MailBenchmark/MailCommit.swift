import AccountEngine
import Foundation
import MailIngest

/// What the pipeline commits for one executed mail, taken from a warm-up run of the pipeline on the
/// same mails, so the commit part writes the same rows with the same sizes.
struct MailCommit: Sendable {
    let txHash: String
    /// The execution's result object, as the engine stores it.
    let resultJSON: String
    /// The DKIM `b=` value the mail was accepted under (its once-only record).
    let dkimSignature: String
    /// The reply the pipeline queued for the mail.
    let reply: OutgoingMail

    /// The store transaction the pipeline's `engine.submit` makes for this mail, the mail's ledger
    /// record included: in one SQLite write transaction, on the store's writer connection, the
    /// nonce compare-and-set (read, then `UPDATE account_nonces`), the DKIM signature's once-only
    /// row (`ProofStateChange.emailSignature`: a conflict read, then its insert), the transaction
    /// record with its result JSON, the clearing of a pending transaction under the txHash, and
    /// the reply's row in the outbox. A mail read from a file has no redelivery key and an
    /// executed mail no refusal, so the reply is all the ledger record writes (`MailLedgerRecord`).
    func accountCommit(accountId: String, nonce: UInt64, identities: [AuthIdentity], at date: Date) -> AccountCommit {
        var commit = AccountCommit(
            accountId: accountId,
            expectedNonce: nonce,
            change: .keepIdentities(identities),
            txHash: txHash,
            resultJSON: resultJSON,
            executedAt: date,
            proofStateChanges: [.emailSignature(dkimSignature, txHash: txHash, redeliveryKey: nil)]
        )
        commit.consentedIdentities = []
        commit.clearsPending = true
        commit.mailRecord = MailLedgerRecord(.executed(txHash: txHash, resultJSON: .null), redeliveryKey: nil, reply: reply, recordedAt: date)
        return commit
    }
}
