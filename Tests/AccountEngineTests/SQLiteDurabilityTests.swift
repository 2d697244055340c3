import AccountEngine
import Foundation
import GRDB
import Testing

/// The writer connection's `synchronous` setting is what decides whether an acknowledged nonce
/// commit survives a power cut; GRDB's WAL set-up overrides whatever `prepareDatabase` chose.
@Suite("SQLite store durability")
struct SQLiteDurabilityTests {
    @Test("a durable store syncs every commit (synchronous = FULL) and a throwaway one never does (OFF)")
    func writerSynchronousSetting() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let durable = try SQLiteAccountStore(path: directory.appendingPathComponent("durable.sqlite").path)
        let throwaway = try SQLiteAccountStore(path: directory.appendingPathComponent("throwaway.sqlite").path, durable: false)
        let setting = { (store: SQLiteAccountStore) in
            try await store.database.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
        }
        #expect(try await setting(durable) == 2)
        #expect(try await setting(throwaway) == 0)
    }
}
