import AccountEngine
import ErrorCodes
import Foundation
import MailIngest
import PostgresStore

/// The SQLite side of `store migrate`: `sqlite:PATH`, the database file or a data directory
/// holding `accounts.sqlite`, checked before it is opened, and the data directory's instance lock
/// held for as long as this lives, so no `serve` runs on it during the copy.
final class StoreMigrateSource {
    let file: String
    private let lock: InstanceLock?

    /// Refuses a missing source (`store_migrate_source_missing`), one a `serve` holds
    /// (`store_migrate_source_in_use`) and a file that is not a chainmail store this chainmail
    /// knows (`store_migrate_source_invalid`); writes nothing to it but the lock file.
    init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EngineError(.storeMigrateSourceMissing, message: "there is no SQLite store at \(path)")
        }
        let directory: String?
        if isDirectory.boolValue {
            file = DataDirectory.storePath(in: path)
            guard FileManager.default.fileExists(atPath: file) else {
                throw EngineError(.storeMigrateSourceMissing, message: "\(path) holds no accounts.sqlite")
            }
            directory = path
        } else {
            file = path
            // A file in a data directory that a serve uses (it has a serve.lock): that lock too.
            let parent = (path as NSString).deletingLastPathComponent
            let folder = parent.isEmpty ? "." : parent
            directory = FileManager.default.fileExists(atPath: DataDirectory.lockPath(in: folder)) ? folder : nil
        }
        do {
            lock = try directory.map { try InstanceLock(dataDirectory: $0) }
        } catch let error as InstanceLockError {
            throw EngineError(.storeMigrateSourceInUse, message: "\(error.description); stop it before migrating its store")
        }
        try SQLiteImport.inspect(
            path: file,
            knownMigrations: SQLiteAccountStore.migrationIdentifiers + SQLiteMailLedger.migrationIdentifiers
        )
    }

    /// The store, migrated to this chainmail's newest schema with the mail ledger's tables.
    func open() throws -> SQLiteAccountStore {
        do {
            let store = try SQLiteAccountStore(path: file)
            _ = try SQLiteMailLedger(sharing: store)
            return store
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError(.storeMigrateSourceInvalid, message: "\(file) cannot be opened as a chainmail store: \(error)")
        }
    }
}
