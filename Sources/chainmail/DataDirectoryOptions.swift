import AccountEngine
import ArgumentParser
import ChainSigner
import Foundation

/// Where chainmail keeps its state (the store, the local signer's root key) and which NEAR account
/// it signs as: from `--config` (the file `serve` reads: its `store`, which may be PostgreSQL),
/// else `--data-dir` / `$CHAINMAIL_DATA_DIR` / `./.chainmail` and `--predecessor`. Only `serve`
/// and `init` create a root key; the commands built on these options refuse a folder without one
/// (`root_key_missing`). `resolve()` reads the configuration once into `DataDirectorySettings`,
/// which opens the store and makes the signer.
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

    /// The options with the configuration file read, strictly (its problems end the command with
    /// status 78): once per command.
    func resolve() throws -> DataDirectorySettings {
        guard let config else {
            return DataDirectorySettings(
                configuration: nil,
                configPath: nil,
                dataDirectory: Self.dataDirectory(explicit: dataDirectory),
                predecessor: predecessor ?? ServeConfiguration.defaultPredecessor
            )
        }
        switch ServeConfiguration.read(path: config) {
        case .success(let settings):
            return DataDirectorySettings(
                configuration: settings,
                configPath: config,
                dataDirectory: settings.dataDirectory,
                predecessor: predecessor ?? settings.predecessor
            )
        case .failure(let problems):
            throw problems
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

    /// The configured store, open for `body` and closed after it (`DataDirectorySettings.withStore`).
    func withStore<Value>(_ body: (any CommandStore) async throws -> Value) async throws -> Value {
        try await resolve().withStore(body)
    }

    /// An engine on the configured store and signer (`DataDirectorySettings.withEngine`).
    func withEngine<Value>(_ body: (AccountEngine) async throws -> Value) async throws -> Value {
        try await resolve().withEngine(body)
    }

    /// The configured signer (`DataDirectorySettings.makeSigner`).
    func makeSigner() throws -> any Signer {
        try resolve().makeSigner()
    }
}
