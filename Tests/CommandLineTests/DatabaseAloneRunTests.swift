import ChainmailTestSupport
import Foundation
import Testing

/// `make bench-scale`'s measure of PostgreSQL alone (`DatabaseAloneRun`) runs the store's own
/// statements through pgbench and really commits: each run of its script moves an account's nonce
/// and records a transaction, as an execution over HTTP does.
@Suite("bench-scale's PostgreSQL-alone run", .timeLimit(.minutes(5)))
struct DatabaseAloneRunTests {
    @Test("the pgbench script runs the store's read and commit, and each run commits one execution")
    func pgbenchCommitsTheStoresStatements() async throws {
        let folder = try WorkFolder("chainmail-database-alone")
        let peer = try await PostgresPeer.shared()
        let database = try await peer.makeDatabase()
        let accounts = 100
        let executions = try BenchmarkExecution.make(prefix: DatabaseAloneRun.accountPrefix, count: accounts)
        try await ScaleBenchmarkSetup.createAccounts(executions, in: database)

        let run = try await DatabaseAloneRun.run(database, of: peer, accounts: accounts, clients: 2, seconds: 1, folder: folder.url)

        #expect(run.rate > 0)
        func number(_ sql: String) async throws -> Int? {
            Int(try await peer.psql(sql, database: database.name).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let recorded = try #require(try await number("SELECT count(*) FROM transactions WHERE status = 'executed'"))
        #expect(recorded > 0)
        #expect(try await number("SELECT sum(next_nonce) FROM account_nonces") == recorded, "every recorded execution moved its nonce once")
    }
}
