import Foundation
import Synchronization

/// A throwaway PostgreSQL 15 cluster of scripts/peers/postgres.sh on 127.0.0.1, with psql as the
/// independent client that makes databases. `shared()` is one cluster per test process, started on
/// first use and stopped (its folder removed) when the process ends; each test takes a fresh empty
/// database of it (`makeDatabase()`), so tests stay independent and may run in parallel. A test
/// that stops the server takes a cluster of its own (`start()`), as does a test of TLS
/// (`start(tls: true)`).
public struct PostgresPeer: Sendable {
    public let directory: URL
    public let port: UInt16
    public let username: String
    public let passwordFile: String
    /// With `start(tls: true)`: the throwaway CA's certificate (PEM) that verifies the server's,
    /// issued for 127.0.0.1 and localhost. Nil for a plain cluster.
    public let caFile: String?

    /// A database made for one test: its connection URL and where its password is.
    public struct Database: Sendable {
        public let name: String
        /// `postgres://USER@127.0.0.1:PORT/NAME`
        public let url: String
        public let passwordFile: String

        /// The cluster user's password, from `passwordFile`.
        public func password() throws -> String {
            try PostgresPeer.password(in: passwordFile)
        }
    }

    /// A cluster of its own, stopped and removed by `cleanUp()` (or when this process ends). With
    /// `tls`, it accepts TCP connections only over TLS (a plain one is refused), with a server
    /// certificate of a throwaway CA (`caFile`).
    public static func start(tls: Bool = false) async throws -> PostgresPeer {
        let directory = try PeerProcess.temporaryDirectory("chainmail-postgres")
        let port = try await freeTCPPort()
        let output = try await PeerProcess.check([
            "POSTGRES_TLS=\(tls ? "on" : "off")", "bash", PeerProcess.script("postgres.sh"), "start", directory.path, "\(port)", "\(getpid())",
        ])
        let values = PeerProcess.keyValues(output)
        guard let user = values["USERNAME"], let passwordFile = values["PASSWORD_FILE"], !tls || values["CA_FILE"] != nil else {
            throw PeerProcess.Failure(description: "postgres.sh printed \(output)")
        }
        return PostgresPeer(directory: directory, port: port, username: user, passwordFile: passwordFile, caFile: values["CA_FILE"])
    }

    /// The test process's cluster, started on first use.
    public static func shared() async throws -> PostgresPeer {
        let task = sharedStart.withLock { task in
            if let task { return task }
            let started = Task { try await PostgresPeer.start() }
            task = started
            return started
        }
        return try await task.value
    }

    private static let sharedStart = Mutex<Task<PostgresPeer, any Error>?>(nil)

    /// Starts it again on the same port and data after `stop()`.
    public func restart() async throws {
        try await PeerProcess.check(["bash", PeerProcess.script("postgres.sh"), "start", directory.path, "\(port)"])
    }

    public func stop() async {
        _ = try? await PeerProcess.run(["bash", PeerProcess.script("postgres.sh"), "stop", directory.path])
    }

    public func cleanUp() async {
        await stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A new empty database with a unique name.
    public func makeDatabase() async throws -> Database {
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await psql("CREATE DATABASE \(name)")
        return Database(name: name, url: "postgres://\(username)@127.0.0.1:\(port)/\(name)", passwordFile: passwordFile)
    }

    /// The cluster user's password, from `passwordFile`.
    public func password() throws -> String {
        try Self.password(in: passwordFile)
    }

    /// The password a password file holds, read as chainmail reads `passwordFile`.
    static func password(in file: String) throws -> String {
        try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `sql` with psql on the database `database`, and answers its rows unaligned.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") async throws -> String {
        let password = try password()
        return try await PeerProcess.check([
            "PGPASSWORD=\(password)", "PGCONNECT_TIMEOUT=10", "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
            "-h", "127.0.0.1", "-p", "\(port)", "-U", username, "-d", database, "-c", sql,
        ])
    }
}
