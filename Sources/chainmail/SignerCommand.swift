import AccountEngine
import ArgumentParser
import ChainSigner

struct SignerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signer",
        abstract: "Inspect the chain-signature signer.",
        subcommands: [Show.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the predecessor and the root public key.")

        @OptionGroup var options: DataDirectoryOptions

        @Flag(help: #"Print {"predecessor","rootPublicKey"}."#)
        var json = false

        func run() async throws {
            try await reportingErrors(json: json) {
                let signer = try options.makeSigner()
                let root = try await signer.rootPublicKey().compressed.hexString
                if json {
                    printJSON(.object(["predecessor": .string(signer.predecessor), "rootPublicKey": .string(root)]))
                } else {
                    print("predecessor:     \(signer.predecessor)")
                    print("root public key: \(root)")
                }
            }
        }
    }
}
