import AccountEngine
import Foundation
import MailIngest
import PostgresStore

extension PipelineFixture {
    /// The stores a pipeline runs on, as `serve` opens them: the account store and its mail ledger.
    public enum Store: String, CaseIterable, Sendable {
        case sqlite
        case postgres

        /// A fresh store of this kind and its mail ledger: a SQLite file in `directory`, or a new
        /// database of the shared PostgreSQL test cluster.
        public func open(in directory: URL) async throws -> (any AccountStore, any Ledger) {
            switch self {
            case .sqlite:
                let sqlite = try SQLiteAccountStore(path: directory.appendingPathComponent("chainmail.sqlite").path)
                return (sqlite, try SQLiteMailLedger(sharing: sqlite))
            case .postgres:
                // A generous time-out: the first test process runs hundreds of tests beside this one.
                let database = try await PostgresPeer.shared().makeDatabase()
                let postgres = try await PostgresAccountStore(configuration: try database.storeConfiguration(poolSize: 4, timeout: .seconds(60)))
                return (postgres, PostgresMailLedger(sharing: postgres))
            }
        }
    }

    public typealias Ledger = MailLedger & OutboxStore & MailboxCheckpointStore
}
