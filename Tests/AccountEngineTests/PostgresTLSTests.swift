import AccountEngine
import ChainmailTestSupport
import ErrorCodes
import Foundation
import PostgresStore
import Testing

/// The PostgreSQL store over TLS, against one cluster that accepts TCP connections only over TLS
/// (scripts/peers/postgres.sh with POSTGRES_TLS=on), its certificate issued for 127.0.0.1 by a
/// throwaway CA: each `tls` mode, and `caFile` as the trust roots of `verify-full`.
@Suite("PostgreSQL store over TLS: require, verify-full with a CA file, and what is refused", .postgresTLSCluster)
struct PostgresTLSTests {
    /// A fresh database of the suite's cluster, reached with `tls` and `caFile`; a store gives up
    /// on it after `timeout`.
    private func fresh(
        tls: PostgresAccountStore.Configuration.TLSMode,
        caFile: String? = nil,
        timeout: Duration = .seconds(20)
    ) async throws -> (PostgresPeer.Database, PostgresAccountStore.Configuration) {
        let database = try await PostgresTLSCluster.peer.makeDatabase()
        var configuration = try database.storeConfiguration(poolSize: 2, timeout: timeout)
        configuration.tls = tls
        configuration.caFile = caFile
        return (database, configuration)
    }

    /// Creates an account through `store`, reads it back, and checks with psql that the store's
    /// connections to `database` are encrypted.
    private func checkWorks(_ store: PostgresAccountStore, on database: PostgresPeer.Database) async throws {
        let created = try await store.createAccount(id: "tls-alice", identity: try AuthIdentity(.account("alice.testnet")))
        #expect(try await store.account(id: "tls-alice") == created)
        let encrypted = try await PostgresTLSCluster.peer.psql(
            """
            SELECT count(*) FILTER (WHERE ssl), count(*) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid)
            WHERE datname = '\(database.name)' AND application_name = 'chainmail'
            """
        )
        let counts = encrypted.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|")
        #expect(counts.count == 2 && counts[0] == counts[1] && counts[0] != "0", "\(encrypted)")
    }

    /// The error opening a store with `configuration` ends with.
    private func refusal(_ configuration: PostgresAccountStore.Configuration) async -> EngineError? {
        await #expect(throws: EngineError.self) { try await PostgresAccountStore(configuration: configuration) }
    }

    @Test("tls require connects to the TLS-only server and the store works: an account created is read back")
    func requireWorks() async throws {
        let (database, configuration) = try await fresh(tls: .require)
        let store = try await PostgresAccountStore(configuration: configuration)
        try await checkWorks(store, on: database)
        await store.close()
    }

    @Test("verify-full with caFile the server's CA connects, checking the certificate against it, and the store works")
    func verifyFullWithCAFileWorks() async throws {
        let (database, configuration) = try await fresh(tls: .verifyFull, caFile: try PostgresTLSCluster.peer.caFile)
        let store = try await PostgresAccountStore(configuration: configuration)
        try await checkWorks(store, on: database)
        await store.close()
    }

    @Test("verify-full without caFile (the system's trust roots) is store_unavailable naming the certificate that does not verify")
    func verifyFullWithSystemRootsRefused() async throws {
        let (_, configuration) = try await fresh(tls: .verifyFull, timeout: .seconds(5))
        let error = await refusal(configuration)
        #expect(error?.errorCode == .storeUnavailable)
        #expect(error?.message.uppercased().contains("CERTIFICATE_VERIFY_FAILED") == true, "\(String(describing: error))")
    }

    @Test("verify-full with caFile another throwaway CA is store_unavailable naming the certificate that does not verify")
    func verifyFullWithAnotherCARefused() async throws {
        let otherCA = try PeerProcess.temporaryDirectory("chainmail-other-ca")
        defer { try? FileManager.default.removeItem(at: otherCA) }
        try await PeerProcess.check(["bash", PeerProcess.script("make_test_ca.sh"), otherCA.path])
        let caFile = otherCA.appendingPathComponent("tls/ca.crt").path
        let (_, configuration) = try await fresh(tls: .verifyFull, caFile: caFile, timeout: .seconds(5))
        let error = await refusal(configuration)
        #expect(error?.errorCode == .storeUnavailable)
        #expect(error?.message.uppercased().contains("CERTIFICATE_VERIFY_FAILED") == true, "\(String(describing: error))")
    }

    @Test("tls disable against the hostssl-only server is refused: store_unavailable naming the unencrypted connection")
    func disableRefused() async throws {
        let (_, configuration) = try await fresh(tls: .disable, timeout: .seconds(5))
        let error = await refusal(configuration)
        #expect(error?.errorCode == .storeUnavailable)
        #expect(error?.message.contains("no encryption") == true, "\(String(describing: error))")
    }

    @Test("caFile with tls require or disable is invalid_configuration, before connecting: it would be ignored")
    func caFileWithoutVerifyFullInvalid() async throws {
        let caFile = try #require(try PostgresTLSCluster.peer.caFile)
        for tls in [PostgresAccountStore.Configuration.TLSMode.require, .disable] {
            let (_, configuration) = try await fresh(tls: tls, caFile: caFile)
            let error = await refusal(configuration)
            #expect(error?.errorCode == .invalidConfiguration, "\(tls)")
            #expect(error?.message.contains("only with tls verify-full") == true, "\(String(describing: error))")
        }
    }

    @Test("a caFile that does not exist, or holds no certificate, is tls_ca_file_unreadable at start")
    func unreadableCAFile() async throws {
        let folder = try PeerProcess.temporaryDirectory("chainmail-ca-file")
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty.pem")
        try Data("not a certificate\n".utf8).write(to: empty)
        let missing = folder.appendingPathComponent("missing.pem").path
        for (caFile, message) in [
            (missing, "cannot read the CA file \(missing)"), (empty.path, "the CA file \(empty.path) holds no PEM certificate"),
        ] {
            let (_, configuration) = try await fresh(tls: .verifyFull, caFile: caFile)
            let error = await refusal(configuration)
            #expect(error?.errorCode == .tlsCaFileUnreadable, "\(caFile)")
            #expect(error?.message == message, "\(String(describing: error))")
        }
    }
}
