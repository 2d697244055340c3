import AccountEngine
import ChainSigner
import ChainTransactions
import ChainmailTestSupport
import Foundation
import PostgresStore
import Testing

/// Everything an account store is to the engine and the broadcaster.
typealias AnyAccountStore = AccountStore & WebAuthnCounterStore & OIDCKeyStore & BroadcastStore & RootKeyRecordStore

/// The stores that store-level suites run against, each test once per kind
/// (`@Test(arguments: TestStore.allCases)`): the embedded SQLite file, and PostgreSQL (a fresh
/// database of the test process's cluster, scripts/peers/postgres.sh).
enum TestStore: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// Where one test's store lives: instances opened on it share its data, as chainmail processes
/// sharing one database do.
struct StoreLocation: Sendable {
    let kind: TestStore
    let directory: URL
    let database: PostgresPeer.Database?

    static func make(_ kind: TestStore) async throws -> StoreLocation {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        switch kind {
        case .sqlite:
            return StoreLocation(kind: kind, directory: directory, database: nil)
        case .postgres:
            let database = try await PostgresPeer.shared().makeDatabase()
            return StoreLocation(kind: kind, directory: directory, database: database)
        }
    }

    /// A new store instance on this location's data.
    func open() async throws -> any AnyAccountStore {
        switch kind {
        case .sqlite:
            return try SQLiteAccountStore(path: directory.appendingPathComponent("accounts.sqlite").path)
        case .postgres:
            guard let database else { throw PeerProcess.Failure(description: "no PostgreSQL database") }
            return try await PostgresAccountStore(configuration: try database.storeConfiguration())
        }
    }

    func removeFiles() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A real engine with the local signer on a store of either kind (`EngineFixture` on SQLite alone).
struct StoreFixture {
    let location: StoreLocation
    let store: any AnyAccountStore
    let signer: LocalSigner
    let engine: AccountEngine

    var kind: TestStore { location.kind }

    static func make(_ kind: TestStore) async throws -> StoreFixture {
        let location = try await StoreLocation.make(kind)
        let store = try await location.open()
        let signer = try LocalSigner(dataDirectory: location.directory.path, predecessor: "chainmail.testnet")
        return StoreFixture(location: location, store: store, signer: signer, engine: AccountEngine(store: store, signer: signer))
    }

    /// Another instance on the same data, as a second chainmail process would open it.
    func openAnother() async throws -> any AnyAccountStore {
        try await location.open()
    }

    func removeFiles() {
        location.removeFiles()
    }

    /// The account as stored, as JSON text, or "absent".
    func storedAccountText(_ accountId: String) async throws -> String {
        try await store.account(id: accountId)?.json.compactText ?? "absent"
    }

    /// The query plan of the lookup by identity, and what in it shows the index serves it.
    func identityLookupPlan() async throws -> (plan: String, indexUse: String) {
        switch store {
        case let sqlite as SQLiteAccountStore:
            return (try await sqlite.identityLookupPlan().joined(separator: " "), "USING COVERING INDEX account_identities_by_match_key")
        case let postgres as PostgresAccountStore:
            return (try await postgres.identityLookupPlan().joined(separator: " "), "Scan using account_identities_by_match_key")
        default:
            return ("", "an unknown store")
        }
    }
}
