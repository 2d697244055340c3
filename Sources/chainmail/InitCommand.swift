import AccountEngine
import ArgumentParser
import ChainSigner
import Foundation

/// `chainmail init`: makes a data directory (0700) with the signer's root key and the store, the
/// one step besides `serve` that creates a root key. Run again, it changes nothing and says so.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the data directory, its root key and its store (nothing is replaced if they exist)."
    )

    @OptionGroup var options: DataDirectoryOptions

    @Flag(help: #"Print {"dataDirectory","predecessor","rootPublicKey","created"}."#)
    var json = false

    func run() async throws {
        try await reportingErrors(json: json) {
            let directory = try options.resolvedDataDirectory
            let existed = LocalSigner.hasRootKey(in: directory)
            try DataDirectory.prepare(directory)
            let signer = try LocalSigner(dataDirectory: directory, predecessor: try options.resolvedPredecessor)
            _ = try SQLiteAccountStore(path: DataDirectory.storePath(in: directory))
            DataDirectory.tightenModes(directory)
            let root = try await signer.rootPublicKey().compressed.hexString
            if json {
                printJSON(
                    .object([
                        "dataDirectory": .string(directory), "predecessor": .string(signer.predecessor), "rootPublicKey": .string(root),
                        "created": .bool(!existed),
                    ])
                )
            } else {
                print(existed ? "already initialised: \(directory)" : "initialised: \(directory)")
                print("predecessor:     \(signer.predecessor)")
                print("root public key: \(root)")
                if !existed { print("Back up \(directory)/signer/root.key: every account's keys derive from it.") }
            }
        }
    }
}
