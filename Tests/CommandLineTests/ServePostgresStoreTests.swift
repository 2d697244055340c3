import AccountEngine
import ChainmailTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `chainmail serve` on a PostgreSQL store (scripts/peers/postgres.sh, a fresh database per test)
/// as real processes: the HTTP API on it, several instances sharing it, and the root public key
/// the store records so that no instance signs with another root (on SQLite too).
@Suite("chainmail serve: the PostgreSQL store, shared by instances with one root key", .serialized, .timeLimit(.minutes(5)))
struct ServePostgresStoreTests {
    @Test("serve with store kind postgres creates an account over POST /v1/accounts and answers it over GET")
    func servesOnPostgres() async throws {
        let database = try await PostgresPeer.shared().makeDatabase()
        let folder = try WorkFolder("chainmail-serve-postgres")
        let instance = try await Instance.start(folder, "a", store: Self.postgresStore(database))
        defer { instance.process.stop() }

        let identity = try await PeerWallet.make().identity.json.compactText
        let created = try await instance.api.send("POST", "/v1/accounts", #"{"accountId":"alice","authIdentity":\#(identity)}"#)
        #expect(created.status == 201, "\(created.body)")
        let read = try await instance.api.send("GET", "/v1/accounts/alice")
        #expect(read.status == 200, "\(read.body)")
        #expect(read.body["accountId"] as? String == "alice", "\(read.body)")
        #expect(
            !FileManager.default.fileExists(atPath: folder.path("a/accounts.sqlite")),
            "the accounts are in PostgreSQL, not in the data directory"
        )

        instance.process.send(SIGTERM)
        let ended = try await ProcessRunner.onBlockingThread { instance.process.waitForEnd(upTo: .seconds(60)) }
        #expect(ended == .exited(0))
    }

    @Test("two serve processes on one PostgreSQL database with one rootKeyFile both serve and see each other's accounts")
    func twoInstancesShareAccounts() async throws {
        let database = try await PostgresPeer.shared().makeDatabase()
        let folder = try WorkFolder("chainmail-serve-postgres")
        try await ChainmailExecutable.check(["init", "--data-dir", folder.path("keys")])
        let rootKeyFile = folder.path("keys/signer/root.key")
        let first = try await Instance.start(folder, "first", store: Self.postgresStore(database), rootKeyFile: rootKeyFile)
        defer { first.process.stop() }
        let second = try await Instance.start(folder, "second", store: Self.postgresStore(database), rootKeyFile: rootKeyFile)
        defer { second.process.stop() }

        let alice = try await PeerWallet.make().identity.json.compactText
        let bob = try await PeerWallet.make().identity.json.compactText
        #expect(try await first.api.send("POST", "/v1/accounts", #"{"accountId":"alice","authIdentity":\#(alice)}"#).status == 201)
        #expect(try await second.api.send("POST", "/v1/accounts", #"{"accountId":"bob","authIdentity":\#(bob)}"#).status == 201)
        #expect(try await second.api.send("GET", "/v1/accounts/alice").body["accountId"] as? String == "alice")
        #expect(try await first.api.send("GET", "/v1/accounts/bob").body["accountId"] as? String == "bob")
        // One account id, created on one instance, is refused on the other.
        let again = try await second.api.send("POST", "/v1/accounts", #"{"accountId":"alice","authIdentity":\#(bob)}"#)
        #expect(again.status == 409, "\(again.body)")
        // Both derive with the one root: the same address for the same identity and path.
        let encoded = alice.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let fromFirst = try await first.api.send("GET", "/v1/derive?identity=\(encoded)&path=ethereum,1").body["evmAddress"] as? String
        let fromSecond = try await second.api.send("GET", "/v1/derive?identity=\(encoded)&path=ethereum,1").body["evmAddress"] as? String
        #expect(fromFirst != nil && fromFirst == fromSecond)
    }

    @Test("an instance started with a different rootKeyFile on the same PostgreSQL database refuses to start with signer_root_key_mismatch")
    func differentRootRefusedOnPostgres() async throws {
        let database = try await PostgresPeer.shared().makeDatabase()
        let folder = try WorkFolder("chainmail-serve-postgres")
        try await ChainmailExecutable.check(["init", "--data-dir", folder.path("keys")])
        try await ChainmailExecutable.check(["init", "--data-dir", folder.path("other-keys")])
        let first = try await Instance.start(folder, "first", store: Self.postgresStore(database), rootKeyFile: folder.path("keys/signer/root.key"))
        defer { first.process.stop() }

        let config = try Instance.writeConfig(
            folder,
            "intruder",
            store: Self.postgresStore(database),
            rootKeyFile: folder.path("other-keys/signer/root.key")
        )
        let refused = try await ChainmailExecutable.run(["serve", "--config", config])
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("signer_root_key_mismatch: this instance's root public key secp256k1:"), "\(refused.stderr)")
        #expect(refused.stderr.contains("is not the one the store records, secp256k1:"), "\(refused.stderr)")
        #expect(try await first.api.send("GET", "/healthz").status == 200, "the first instance serves on")
    }

    @Test("on SQLite too the store records the root public key: a restart with another rootKeyFile is refused, with the same one it serves")
    func differentRootRefusedOnSQLite() async throws {
        let folder = try WorkFolder("chainmail-serve-root-record")
        try await ChainmailExecutable.check(["init", "--data-dir", folder.path("keys")])
        try await ChainmailExecutable.check(["init", "--data-dir", folder.path("other-keys")])
        let first = try await Instance.start(folder, "data", store: nil)
        first.process.send(SIGTERM)
        let ended = try await ProcessRunner.onBlockingThread { first.process.waitForEnd(upTo: .seconds(60)) }
        #expect(ended == .exited(0))

        let config = try Instance.writeConfig(folder, "data", store: nil, rootKeyFile: folder.path("other-keys/signer/root.key"))
        let refused = try await ChainmailExecutable.run(["serve", "--config", config])
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("signer_root_key_mismatch"), "\(refused.stderr)")

        // The data directory's own root key, given as rootKeyFile, is the recorded one.
        let same = try await Instance.start(folder, "data", store: nil, rootKeyFile: folder.path("data/signer/root.key"))
        same.process.stop()
    }

    @Test("two instances run the broadcaster one at a time: the holder killed with SIGKILL, the other takes it over within the lease and a fifth")
    func workerTakeover() async throws {
        let database = try await PostgresPeer.shared().makeDatabase()
        let folder = try WorkFolder("chainmail-serve-postgres")
        try await ChainmailExecutable.check(["init", "--data-dir", folder.path("keys")])
        let rootKeyFile = folder.path("keys/signer/root.key")
        // A chain with a node, so that serve runs the broadcaster (nothing is sent: no transaction).
        let store = Self.postgresStore(database) + "\n  workerLeaseSeconds: 3"
        let chains = "chains:\n  evm:\n    - {chainId: 31337, name: Local, symbol: ETH, decimals: 18, rpcURL: \"http://127.0.0.1:9\"}"
        let first = try await Instance.start(folder, "first", store: store, rootKeyFile: rootKeyFile, extra: chains)
        defer { first.process.stop() }
        let second = try await Instance.start(folder, "second", store: store, rootKeyFile: rootKeyFile, extra: chains)
        defer { second.process.stop() }

        #expect(await eventually(timeout: .seconds(30)) { first.holdsLease("broadcast") || second.holdsLease("broadcast") })
        try await Task.sleep(for: .seconds(2))
        #expect(first.holdsLease("broadcast") != second.holdsLease("broadcast"), "one instance runs the broadcaster, not both")
        let (holder, other) = first.holdsLease("broadcast") ? (first, second) : (second, first)
        holder.process.send(SIGKILL)
        let killed = ContinuousClock.now
        #expect(await eventually(timeout: .seconds(30), every: .milliseconds(100)) { other.holdsLease("broadcast") })
        let takeover = ContinuousClock.now - killed
        print("broadcaster takeover after SIGKILL of its holder (lease 3 s, renewed every 0.6 s): \(takeover)")
        #expect(takeover < .seconds(15), "bounded by the lease and a renewal, with room for a loaded machine")
        #expect(try await other.api.send("GET", "/healthz").status == 200)
    }

    /// The `store` section for `database`, plain TCP to the local cluster.
    static func postgresStore(_ database: PostgresPeer.Database, poolSize: Int = 4) -> String {
        """
        store:
          kind: postgres
          url: "\(database.url)"
          passwordFile: \(database.passwordFile)
          tls: disable
          poolSize: \(poolSize)
        """
    }

    /// One `serve` process with the HTTP API on a port of its choosing, its data in `name`.
    struct Instance {
        let process: ChildProcess
        let api: ServeEVMChainTests.API
        let log: String

        /// Whether the log says this instance took the worker lease `name`.
        func holdsLease(_ name: String) -> Bool {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("worker lease acquired: running \(name)")
        }

        static func writeConfig(
            _ folder: borrowing WorkFolder,
            _ name: String,
            store: String?,
            rootKeyFile: String? = nil,
            extra: String = "",
            http: [String] = []
        ) throws -> String {
            let dns = try folder.write("dns.txt", "")
            return try folder.write(
                "\(name).yaml",
                """
                dataDirectory: \(folder.path(name))
                dns:
                  staticFile: \(dns)
                http:
                  port: 0
                  serviceMailbox: wallet@example.com
                \(http.map { "  " + $0 }.joined(separator: "\n"))
                \(rootKeyFile.map { "signer:\n  rootKeyFile: \($0)" } ?? "")
                \(store ?? "")
                \(extra)
                """
            )
        }

        static func start(
            _ folder: borrowing WorkFolder,
            _ name: String,
            store: String?,
            rootKeyFile: String? = nil,
            extra: String = "",
            http: [String] = []
        ) async throws -> Instance {
            let config = try writeConfig(folder, name, store: store, rootKeyFile: rootKeyFile, extra: extra, http: http)
            let log = folder.path("\(name)-\(UUID().uuidString).log")
            let process = try ChildProcess(ChainmailExecutable.path, ["serve", "--config", config], output: .file(log), error: .standardOutput)
            do {
                let api = try await ServeEVMChainTests.API(log: log)
                return Instance(process: process, api: api, log: log)
            } catch {
                process.stop()
                throw error
            }
        }
    }
}
