import MailIngest

/// What the API needs of the mail ledger beyond `MailLedger`: the latest refusal recorded under a
/// txHash (only refusals of mail from a sender on the transaction's account are recorded).
public protocol TransactionLedger: MailLedger {
    func latestRejection(txHash: String) async throws -> (code: String, message: String)?
}

extension SQLiteMailLedger: TransactionLedger {}
