import GRDB

/// Another concern's record, written by the SQLite store inside the transaction that commits an
/// execution, on the same connection: both are kept or neither is, for the cost of one commit.
/// The mail pipeline attaches a mail's outcome and queued reply this way when its ledger shares
/// the store's database.
package protocol SQLiteCommitAttachment: Sendable {
    func write(_ db: Database) throws
}
