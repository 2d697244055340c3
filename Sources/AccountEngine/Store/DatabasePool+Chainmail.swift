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
        let pool = try DatabasePool(path: path, configuration: configuration)
        // Set on the writer once the pool is open: GRDB's WAL set-up runs after `prepareDatabase`
        // and sets `synchronous = NORMAL`, under which a commit can be lost to a power cut even
        // after it was acknowledged (and a lost nonce commit would let a nonce sign twice).
        // Readers write nothing, so their setting does not matter.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF")
        }
        try migrator.migrate(pool)
        return pool
    }
}
