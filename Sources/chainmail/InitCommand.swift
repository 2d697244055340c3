import AccountEngine
import ArgumentParser
import ChainSigner
import Foundation

/// `chainmail init`: makes a data directory (0700) with the signer's root key and the store, the
/// one step besides `serve` that creates a root key. Run again, it changes nothing and says so.
///
/// With `--config`, it prepares what the file names: a `signer.rootKeyFile` is the root (it must
/// exist: `init` never makes a second root where the instances share one), and a PostgreSQL store
/// gets its schema, and records the local signer's root public key as `serve` does at its first
/// start (another root recorded there is refused with `signer_root_key_mismatch`); no SQLite file
/// is made then.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the data directory, its root key and its store (nothing is replaced if they exist)."
    )

    @OptionGroup var options: DataDirectoryOptions

    @Flag(help: #"Print {"dataDirectory","predecessor","rootPublicKey","created","store"}."#)
    var json = false

    func run() async throws {
        try await reportingErrors(json: json) {
            let directory = try options.resolvedDataDirectory
            let rootKeyFile = try options.configuredRootKeyFile
            let existed = rootKeyFile != nil || LocalSigner.hasRootKey(in: directory)
            let predecessor = try options.resolvedPredecessor
            // A missing or unreadable rootKeyFile is refused before anything is made.
            let configuredSigner = try rootKeyFile.map { try LocalSigner(rootKeyFile: $0, predecessor: predecessor) }
            try DataDirectory.prepare(directory)
            let signer = try configuredSigner ?? LocalSigner(dataDirectory: directory, predecessor: predecessor)
            let root = try await signer.rootPublicKey()
            let store: String
            if try options.usesPostgresStore {
                let recordsRoot = try options.signerKind == .local
                try await options.withStore { store in
                    // The near-mpc signer's root is the pinned one, which `serve` records.
                    guard recordsRoot else { return }
                    let recorded = try await store.recordRootPublicKey(root.compressed)
                    guard recorded == root.compressed else {
                        throw ChainSignerError.rootKeyMismatch(
                            "the store records another root public key (0x\(recorded.hexString)) than this one, \(root.nearFormat): every instance on one store signs with one root; give the shared root as signer.rootKeyFile"
                        )
                    }
                }
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
                print("root public key: \(rootHex)\(rootKeyFile.map { " (\($0))" } ?? "")")
                if store == "postgres" { print("store:           PostgreSQL, schema up to date") }
                if !existed { print("Back up \(directory)/signer/root.key: every account's keys derive from it.") }
            }
        }
    }
}
