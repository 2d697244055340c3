import AccountEngine
import Foundation
import PostgresNIO

extension PostgresAccountStore: RootKeyRecordStore {
    /// Of instances recording at once, the second's insert waits for the first's row, inserts
    /// nothing, and its read (a statement of its own) sees the committed first key.
    public func recordRootPublicKey(_ key: [UInt8]) async throws -> [UInt8] {
        let name = Self.rootPublicKeyName
        let value = Data(key)
        let recordedAt = Date().timeIntervalSince1970
        return try await transaction { session in
            try await session.rows(
                """
                INSERT INTO service_metadata (name, value, recorded_at) VALUES (\(name), \(value), \(recordedAt))
                ON CONFLICT (name) DO NOTHING
                """
            )
            guard let row = try await session.rows("SELECT value FROM service_metadata WHERE name = \(name)").first else {
                throw EngineError.storeUnavailable("the root public key record vanished while being written")
            }
            return .commit([UInt8](try row.decode(Data.self)))
        }
    }

    /// The `service_metadata` row of the root public key (as the SQLite store names it).
    static let rootPublicKeyName = "root_public_key"
}
