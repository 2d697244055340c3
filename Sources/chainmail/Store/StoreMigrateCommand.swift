import AccountEngine
import ArgumentParser
import Foundation
import PostgresStore

/// `chainmail store migrate --from sqlite:PATH --to postgres:URL`: the SQLite store and its mail
/// ledger copied into an empty PostgreSQL database in one transaction, checked before it commits.
struct StoreMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy a SQLite store into an empty PostgreSQL database, in one transaction, and check the copy.",
        discussion: """
            Stop `chainmail serve` first: a data directory it holds is refused. The target's schema is \
            created if needed; a database that already holds chainmail rows is refused. Nothing is kept \
            unless every table's rows and every account's next nonce are equal on both sides.
            """
    )

    @Option(help: "sqlite:PATH, the SQLite store file or a data directory holding accounts.sqlite.")
    var from: String

    @Option(
        help:
            "postgres:URL, with URL postgres://USER@HOST:PORT/DATABASE (a password in it, postgres://USER:PASSWORD@…, is used but shows in the process list: prefer --password-file)."
    )
    var to: String

    @Option(
        name: .customLong("password-file"),
        help: "The PostgreSQL password, alone in a file (one trailing line end ignored); without one, the URL's or $PGPASSWORD."
    )
    var passwordFile: String?

    @Option(help: "disable, require or verify-full (the default), as store.tls.")
    var tls = PostgresAccountStore.Configuration.TLSMode.verifyFull.rawValue

    @Option(
        name: .customLong("ca-file"),
        help: "A PEM file of the CA certificates that --tls verify-full trusts instead of the system's, as store.caFile."
    )
    var caFile: String?

    @Option(name: .customLong("timeout"), help: "The most seconds the copy may take (1 to 86400).")
    var timeoutSeconds = 3600

    func validate() throws {
        guard Self.value(of: from, prefix: "sqlite:") != nil else { throw ValidationError("--from is sqlite:PATH") }
        guard Self.value(of: to, prefix: "postgres:") != nil else { throw ValidationError("--to is postgres:postgres://USER@HOST:PORT/DATABASE") }
        guard PostgresAccountStore.Configuration.TLSMode(rawValue: tls) != nil else {
            throw ValidationError("--tls is disable, require or verify-full")
        }
        guard (1...86_400).contains(timeoutSeconds) else { throw ValidationError("--timeout is 1 to 86400 seconds") }
    }

    func run() async throws {
        try await reportingErrors(json: false) {
            let configuration = try targetConfiguration()
            _ = try configuration.endpoint()
            try configuration.checkCAFile()
            let source = try StoreMigrateSource(path: Self.value(of: from, prefix: "sqlite:") ?? "")
            let store = try source.open()
            let target = try await PostgresAccountStore(configuration: configuration)
            let report: SQLiteImportReport
            do {
                report = try await SQLiteImport(source: store, target: target, timeout: .seconds(timeoutSeconds)).run()
            } catch {
                await target.close()
                throw error
            }
            await target.close()
            for table in report.tables {
                print("\(table.name): \(table.targetRows) rows (SQLite \(table.sourceRows), PostgreSQL \(table.targetRows))")
            }
            print(
                "migrated \(report.rows(in: "accounts")) accounts, \(report.rows(in: "transactions")) transactions to \(configuration.url) (checked: counts and nonces)"
            )
        }
    }

    /// `--to`'s URL without its password, and the password: `--password-file`'s, else the URL's,
    /// else `$PGPASSWORD`.
    private func targetConfiguration() throws -> PostgresAccountStore.Configuration {
        let target = Self.withoutPassword(Self.value(of: to, prefix: "postgres:") ?? "")
        var password = target.password
        if let passwordFile {
            guard password == nil else {
                throw EngineError(.invalidConfiguration, message: "--to holds a password and --password-file names another: give one")
            }
            guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                throw EngineError(.invalidConfiguration, message: "--password-file: cannot read \(passwordFile)")
            }
            password = ServeConfiguration.StoreSection.withoutTrailingLineEnd(text)
        }
        return PostgresAccountStore.Configuration(
            url: target.url,
            password: password ?? ServeConfiguration.StoreSection.environmentPassword,
            tls: PostgresAccountStore.Configuration.TLSMode(rawValue: tls) ?? .verifyFull,
            caFile: caFile,
            poolSize: 2
        )
    }

    /// `url` without the password it holds (`postgres://USER:PASSWORD@…`), and that password
    /// (percent-decoded, as `URLComponents` gives it); `url` as it is when it holds none or is not a URL.
    static func withoutPassword(_ url: String) -> (url: String, password: String?) {
        guard var components = URLComponents(string: url), let password = components.password else { return (url, nil) }
        components.password = nil
        return (components.string ?? url, password)
    }

    /// What follows `prefix` (`sqlite:`, `postgres:`), or nil without it or with nothing after it.
    /// `postgres://…` alone is taken as `postgres:postgres://…`.
    static func value(of argument: String, prefix: String) -> String? {
        if prefix == "postgres:", argument.hasPrefix("postgres://") || argument.hasPrefix("postgresql://") { return argument }
        guard argument.hasPrefix(prefix), argument.count > prefix.count else { return nil }
        return String(argument.dropFirst(prefix.count))
    }
}
