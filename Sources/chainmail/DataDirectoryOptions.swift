import AccountEngine
import ArgumentParser
import ChainSigner
import Foundation
import Logging
import NEARMPCSigner
import PostgresStore

/// Where chainmail keeps its state (the store, the local signer's root key) and which NEAR account
/// it signs as: from `--config` (the file `serve` reads: its `store`, which may be PostgreSQL),
/// else `--data-dir` / `$CHAINMAIL_DATA_DIR` / `./.chainmail` and `--predecessor`. Only `serve`
/// and `init` create a root key; the commands built on these options refuse a folder without one
/// (`root_key_missing`).
struct DataDirectoryOptions: ParsableArguments {
    @Option(help: "The YAML configuration file `serve` reads: its dataDirectory, store, signer and predecessor are used.")
    var config: String?

    @Option(name: .customLong("data-dir"), help: "Data directory, without --config (default: $CHAINMAIL_DATA_DIR, else ./.chainmail).")
    var dataDirectory: String?

    @Option(help: "The NEAR account id that calls the chain-signature signer (default: the config's predecessor, else chainmail.testnet).")
    var predecessor: String?

    func validate() throws {
        if config != nil, dataDirectory != nil {
            throw ValidationError("give --config or --data-dir, not both")
        }
    }

    /// The configuration file's settings, read strictly (its problems end the command with status 78).
    private func configuration() throws -> ServeConfiguration? {
        guard let config else { return nil }
        switch ServeConfiguration.read(path: config) {
        case .success(let settings): return settings
        case .failure(let problems): throw problems
        }
    }

    var resolvedDataDirectory: String {
        get throws {
            if let settings = try configuration() { return settings.dataDirectory }
            return Self.dataDirectory(explicit: dataDirectory)
        }
    }

    var resolvedPredecessor: String {
        get throws {
            if let predecessor { return predecessor }
            return try configuration()?.predecessor ?? "chainmail.testnet"
        }
    }

    /// `--data-dir`, else `$CHAINMAIL_DATA_DIR`, else `./.chainmail`.
    static func dataDirectory(explicit: String?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = ProcessInfo.processInfo.environment["CHAINMAIL_DATA_DIR"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "./.chainmail"
    }

    /// The signer the configuration names, for its root public key and derived keys: the local
    /// one of `signer.rootKeyFile` or the data directory's existing root key, or, with `signer.kind: near-mpc`, the
    /// near-mpc signer, whose root key is the pinned one (nothing is sent to NEAR here).
    func makeSigner() throws -> any Signer {
        if let rootKeyFile = try configuredRootKeyFile {
            return try LocalSigner(rootKeyFile: rootKeyFile, predecessor: try resolvedPredecessor)
        }
        let settings = try configuration()
        if let settings, settings.signer.kind == .nearMPC {
            return NEARMPCSigner(
                configuration: try settings.nearMPCConfiguration(predecessor: try resolvedPredecessor),
                logger: Logger(label: "chainmail.near-mpc")
            )
        }
        return try LocalSigner(existingIn: try resolvedDataDirectory, predecessor: try resolvedPredecessor)
    }

    /// The configuration's `signer.rootKeyFile`, when its local signer reads the root from there
    /// rather than from the data directory.
    var configuredRootKeyFile: String? {
        get throws {
            guard let settings = try configuration(), settings.signer.kind == .local else { return nil }
            return settings.signer.rootKeyFile
        }
    }

    /// The configuration's signer kind (local without a configuration).
    var signerKind: SignerSettings.Kind {
        get throws { try configuration()?.signer.kind ?? .local }
    }

    /// Whether the configuration names a PostgreSQL store (which the data directory does not hold).
    var usesPostgresStore: Bool {
        get throws { try configuration()?.store.kind == .postgres }
    }

    /// The store the configuration names, open for `body` and closed after it: the data
    /// directory's SQLite store (the directory must have been made by `init` or `serve`), or with
    /// `store.kind: postgres` the database the instances share, its schema brought up to date as
    /// `serve` does.
    func withStore<Value>(_ body: (any CommandStore) async throws -> Value) async throws -> Value {
        guard let settings = try configuration(), settings.store.kind == .postgres else {
            return try await body(try dataDirectoryStore())
        }
        let postgres: PostgresAccountStore.Configuration
        do {
            postgres = try settings.store.postgresConfiguration()
        } catch let error as ConfigurationError {
            throw ConfigurationProblems([ConfigurationProblem(file: config ?? "", mark: nil, message: error.description)])
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
        let directory = try resolvedDataDirectory
        let path = DataDirectory.storePath(in: directory)
        guard LocalSigner.hasRootKey(in: directory) || FileManager.default.fileExists(atPath: path) else {
            throw ChainSignerError.rootKeyMissing(
                "\(directory) is not a chainmail data directory (no signer/root.key, no accounts.sqlite); run `chainmail init` there first, or give the right --config or --data-dir"
            )
        }
        return try SQLiteAccountStore(path: path)
    }
}

/// What the commands built on `DataDirectoryOptions` use of a store: accounts, OIDC keys and the
/// root public key record.
typealias CommandStore = AccountStore & OIDCKeyStore & RootKeyRecordStore
