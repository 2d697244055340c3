import Foundation
import GRDB

extension SQLiteAccountStore: RootKeyRecordStore {
    public func recordRootPublicKey(_ key: [UInt8]) async throws -> [UInt8] {
        try await database.write { db in
            try db.execute(
                sql: "INSERT INTO service_metadata (name, value, recorded_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                arguments: [Self.rootPublicKeyName, Data(key), Date().timeIntervalSince1970]
            )
            guard let recorded = try Data.fetchOne(db, sql: "SELECT value FROM service_metadata WHERE name = ?", arguments: [Self.rootPublicKeyName])
            else { throw EngineError.storeUnavailable("the root public key record vanished while being written") }
            return [UInt8](recorded)
        }
    }

    /// The `service_metadata` row of the root public key.
    static let rootPublicKeyName = "root_public_key"
}
