import MailIngest

/// What the API needs of the mail ledger beyond `MailLedger`: keeping transactions prepared for
/// approval by mail, and the latest refusal recorded under a txHash.
public protocol TransactionLedger: MailLedger {
    func prepare(txHash: String, transactionJSON: String) async throws
    func latestRejection(txHash: String) async throws -> (code: String, message: String)?
}

extension SQLiteMailLedger: TransactionLedger {}
