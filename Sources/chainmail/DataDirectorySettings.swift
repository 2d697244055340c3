import AccountEngine
import ChainSigner
import Foundation
import Logging
import NEARMPCSigner
import PostgresStore

/// What `DataDirectoryOptions` resolve to: the configuration file read once (nil without
/// `--config`), the data directory and the predecessor; it opens the store and makes the signer
/// they name.
struct DataDirectorySettings {
    /// The `--config` file's settings, when one was given.
    let configuration: ServeConfiguration?
    /// The `--config` path, for the problems this file's settings raise.
    let configPath: String?
    let dataDirectory: String
    let predecessor: String

    /// The configuration's signer kind (local without a configuration).
    var signerKind: SignerSettings.Kind { configuration?.signer.kind ?? .local }

    /// The configuration's `signer.rootKeyFile`, when its local signer reads the root from there
    /// rather than from the data directory.
    var configuredRootKeyFile: String? {
        guard let configuration, configuration.signer.kind == .local else { return nil }
        return configuration.signer.rootKeyFile
    }

    /// Whether the configuration names a PostgreSQL store (which the data directory does not hold).
    var usesPostgresStore: Bool { configuration?.store.kind == .postgres }

    /// The signer the configuration names, for its root public key and derived keys: the local
    /// one of `signer.rootKeyFile` or the data directory's existing root key, or, with
    /// `signer.kind: near-mpc`, the near-mpc signer, whose root key is the pinned one (nothing is
    /// sent to NEAR here).
    func makeSigner() throws -> any Signer {
        if let rootKeyFile = configuredRootKeyFile {
            return try LocalSigner(rootKeyFile: rootKeyFile, predecessor: predecessor)
        }
        if let configuration, configuration.signer.kind == .nearMPC {
            return NEARMPCSigner(
                configuration: try configuration.nearMPCConfiguration(predecessor: predecessor),
                logger: Logger(label: "chainmail.near-mpc")
            )
        }
        return try LocalSigner(existingIn: dataDirectory, predecessor: predecessor)
    }

    /// The store the configuration names, open for `body` and closed after it: the data
    /// directory's SQLite store (the directory must have been made by `init` or `serve`), or with
    /// `store.kind: postgres` the database the instances share, its schema brought up to date as
    /// `serve` does.
    func withStore<Value>(_ body: (any CommandStore) async throws -> Value) async throws -> Value {
        guard let configuration, configuration.store.kind == .postgres else {
            return try await body(try dataDirectoryStore())
        }
        let postgres: PostgresAccountStore.Configuration
        do {
            postgres = try configuration.store.postgresConfiguration()
        } catch let error as ConfigurationError {
            throw ConfigurationProblems([ConfigurationProblem(file: configPath ?? "", mark: nil, message: error.description)])
        }
        let store = try await PostgresAccountStore(configuration: postgres)
        do {
            let value = try await body(store)
            await store.close()
            return value
        } catch {
            await store.close()
            throw error
        }
    }

    /// An engine on the configured store (`withStore`) and signer.
    func withEngine<Value>(_ body: (AccountEngine) async throws -> Value) async throws -> Value {
        let signer = try makeSigner()
        return try await withStore { store in try await body(AccountEngine(store: store, signer: signer)) }
    }

    /// The data directory's SQLite store, in a directory `init` or `serve` made (it holds a root key
    /// or the store: a near-mpc signer's holds no root key).
    private func dataDirectoryStore() throws -> SQLiteAccountStore {
        let path = DataDirectory.storePath(in: dataDirectory)
        guard LocalSigner.hasRootKey(in: dataDirectory) || FileManager.default.fileExists(atPath: path) else {
            throw ChainSignerError.rootKeyMissing(
                "\(dataDirectory) is not a chainmail data directory (no signer/root.key, no accounts.sqlite); run `chainmail init` there first, or give the right --config or --data-dir"
            )
        }
        return try SQLiteAccountStore(path: path)
    }
}

/// What the commands built on `DataDirectoryOptions` use of a store: accounts, OIDC keys and the
/// root public key record.
typealias CommandStore = AccountStore & OIDCKeyStore & RootKeyRecordStore
