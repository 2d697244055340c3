import AccountEngine
import ArgumentParser

struct DeriveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "derive",
        abstract: "Show the key and addresses an identity controls for a path (as GET /v1/derive)."
    )

    @OptionGroup var options: DataDirectoryOptions

    @Option(help: "The identity, as JSON.")
    var identity: String

    @Option(help: #"The caller's path, e.g. "ethereum,1"; the derivation path is identityPath + "," + path."#)
    var path: String

    @Flag(help: #"Print {"derivationPath","publicKey","evmAddress","btcAddress"}."#)
    var json = false

    func run() async throws {
        try await reportingErrors(json: json) {
            let identity = try AuthIdentity(jsonText: identity)
            let engine = AccountEngine(store: try SQLiteAccountStore(), signer: try options.makeSigner())
            let derivation = try await engine.derive(identity: identity, path: path)
            if json {
                printJSON(derivation.json)
            } else {
                print("derivation path: \(derivation.derivationPath)")
                print("public key:      \(derivation.publicKey.compressed.hexString)")
                print("EVM address:     \(derivation.evmAddress)")
                print("BTC address:     \(derivation.btcAddress)")
            }
        }
    }
}
