import GRDB

extension DatabasePool {
    /// Opens (creating if needed) chainmail's SQLite file in WAL mode and migrates it with
    /// `migrator`. Each concern (accounts, mail) keeps its own migrator on the same file.
    ///
    /// A `durable` pool fsyncs every commit, so a nonce commit acknowledged to a client survives a
    /// power loss; `durable: false` is for stores thrown away afterwards (`chainmail replay`).
    package static func chainmail(path: String, durable: Bool, migrator: DatabaseMigrator) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try migrator.migrate(pool)
        return pool
    }
}
