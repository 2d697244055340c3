import AccountEngine
import ArgumentParser
import ChainSigner
import Foundation

/// `chainmail init`: makes a data directory (0700) with the signer's root key and the store, the
/// one step besides `serve` that creates a root key. Run again, it changes nothing and says so.
///
/// With `--config`, it prepares what the file names: a `signer.rootKeyFile` is the root, and so is
/// the near-mpc signer's pinned `signer.rootPublicKey` (neither is made here: `init` never makes a
/// second root where the instances share one, or one the signer does not use); a PostgreSQL store
/// gets its schema and records that root public key, as `serve` does at its first start (another
/// root recorded there is refused with `signer_root_key_mismatch`), and no SQLite file is made.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the data directory, its root key and its store (nothing is replaced if they exist)."
    )

    @OptionGroup var options: DataDirectoryOptions

    @Flag(
        help:
            #"Print {"dataDirectory","predecessor","rootPublicKey","created","store"} (created: this run made the data directory, or its root key)."#
    )
    var json = false

    func run() async throws {
        try await reportingErrors(json: json) {
            let settings = try options.resolve()
            let directory = settings.dataDirectory
            // The local signer without a rootKeyFile is the one whose root `init` makes; any other
            // (a rootKeyFile's, near-mpc's pinned root) is read first, so a missing file is refused
            // before anything is made.
            let makesRoot = settings.signerKind == .local && settings.configuredRootKeyFile == nil
            let existed = makesRoot ? LocalSigner.hasRootKey(in: directory) : FileManager.default.fileExists(atPath: directory)
            let configuredSigner = makesRoot ? nil : try settings.makeSigner()
            try DataDirectory.prepare(directory)
            let signer = try configuredSigner ?? LocalSigner(dataDirectory: directory, predecessor: settings.predecessor)
            let root = try await signer.rootPublicKey()
            let store: String
            if settings.usesPostgresStore {
                if let mismatch = try await settings.withStore({ store in try await store.checkRoot(root) }) { throw mismatch }
                store = "postgres"
            } else {
                _ = try SQLiteAccountStore(path: DataDirectory.storePath(in: directory))
                store = "sqlite"
            }
            DataDirectory.tightenModes(directory)
            let rootHex = root.compressed.hexString
            if json {
                printJSON(
                    .object([
                        "dataDirectory": .string(directory), "predecessor": .string(signer.predecessor), "rootPublicKey": .string(rootHex),
                        "created": .bool(!existed), "store": .string(store),
                    ])
                )
            } else {
                print(existed ? "already initialised: \(directory)" : "initialised: \(directory)")
                print("predecessor:     \(signer.predecessor)")
                print("root public key: \(rootHex)")
                if store == "postgres" { print("store:           PostgreSQL, schema up to date") }
                if !existed, makesRoot { print("Back up \(directory)/signer/root.key: every account's keys derive from it.") }
            }
        }
    }
}
