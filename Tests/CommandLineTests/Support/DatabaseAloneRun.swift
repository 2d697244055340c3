import ChainmailTestSupport
import Foundation

@testable import PostgresStore

/// What PostgreSQL alone does on this machine with chainmail's work: pgbench (PostgreSQL's own
/// load generator, not chainmail's code) runs the two statements of an execution over HTTP, the
/// account read (`AccountRead`) and then the commit (`OneStatementCommit`) at the nonce the read
/// returned, on accounts `alone-0` … `alone-(accounts-1)` of a database of its own, for a fixed
/// time. `make bench-scale` runs it after each round: its rate bounds the database's CPU per
/// execution, the share of the cores no `serve` process can have.
struct DatabaseAloneRun: Sendable {
    static let pgbench = "/usr/lib/postgresql/15/bin/pgbench"
    /// The accounts' prefix for `BenchmarkExecution.make`: `alone-0`, `alone-1`, …
    static let accountPrefix = "alone"

    let rate: Double

    /// The pgbench script: both statements' SQL as the store prepares it, each parameter replaced
    /// by a pgbench variable or an expression of one (pgbench sends them as parameters). The
    /// transaction hash is 64 hex digits made of the account and nonce; the result and
    /// transaction JSON are `jsonBytes` long each.
    static func script(accounts: Int, jsonBytes: Int = 400) throws -> String {
        let account = "('\(accountPrefix)-' || :i)"
        let hash = "(md5(:i || '/' || :next_nonce) || md5(:next_nonce || '/' || :i))"
        let json = "repeat('x', \(jsonBytes))"
        // $11 … $1: the longer numbers first, so that $1 does not match the start of $10.
        let commitParameters = [
            "true", json, "extract(epoch from now())", "NULL", "NULL", json, "'executed'", hash, ":next_nonce", account, "('tx:' || \(hash))",
        ]
        var commit = OneStatementCommit.sql
        for (offset, value) in commitParameters.enumerated() {
            commit = commit.replacingOccurrences(of: "$\(commitParameters.count - offset)", with: value)
        }
        let read = AccountRead.sql.replacingOccurrences(of: "$1", with: account)
        guard !read.contains("$"), !commit.contains("$") else {
            throw PeerProcess.Failure(description: "a statement gained a parameter the pgbench script does not give")
        }
        // \gset keeps the read's columns (next_nonce, identity_key) as variables of the same names.
        return "\\set i random(0, \(accounts - 1))\n\(read) \\gset\n\(commit);\n"
    }

    /// Runs pgbench for `seconds` with `clients` connections against `database` of `peer`, whose
    /// accounts `alone-…` exist with one identity each.
    static func run(
        _ database: PostgresPeer.Database,
        of peer: PostgresPeer,
        accounts: Int,
        clients: Int,
        seconds: Int,
        folder: URL
    ) async throws -> DatabaseAloneRun {
        func recordedTransactions() async throws -> Int {
            let answer = try await peer.psql("SELECT count(*) FROM transactions", database: database.name)
            return Int(answer.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }
        let recordedBefore = try await recordedTransactions()
        let scriptFile = folder.appendingPathComponent("database-alone.pgbench")
        try Data(try script(accounts: accounts).utf8).write(to: scriptFile)
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = try peer.password()
        let result = try await ProcessRunner.run(
            pgbench,
            [
                "-n", "-M", "prepared", "-c", String(clients), "-j", "2", "-T", String(seconds),
                "-h", "127.0.0.1", "-p", String(peer.port), "-U", peer.username, "-f", scriptFile.path, database.name,
            ],
            environment: environment,
            timeLimit: .seconds(seconds + 60)
        )
        let output = String(decoding: result.stdout, as: UTF8.self)
        // "tps = 3066.806996 (without initial connection time)", "number of failed transactions: 0 (0.000%)",
        // "number of transactions actually processed: 30668"
        let lines = output.split(separator: "\n")
        func field(_ prefix: String) -> Substring? {
            lines.first { $0.hasPrefix(prefix) }?.dropFirst(prefix.count).split(separator: " ").first
        }
        guard result.status == 0, let tps = field("tps = ").flatMap({ Double($0) }), field("number of failed transactions: ") == "0",
            let processed = field("number of transactions actually processed: ").flatMap({ Int($0) })
        else {
            throw PeerProcess.Failure(description: "pgbench failed: \(output) \(String(decoding: result.stderr, as: UTF8.self))")
        }
        // Each run of the script is one execution; a commit that lost its nonce to another client
        // on the same account at once commits nothing, which must stay rare or the rate says little.
        let committed = try await recordedTransactions() - recordedBefore
        guard committed >= processed * 9 / 10 else {
            throw PeerProcess.Failure(description: "pgbench ran \(processed) executions but \(committed) committed")
        }
        return DatabaseAloneRun(rate: tps)
    }
}
