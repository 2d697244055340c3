import AccountEngine
import ArgumentParser

struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Create and inspect accounts in the configured store.",
        subcommands: [Create.self, Show.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account holding one identity.")

        @OptionGroup var options: DataDirectoryOptions

        @Option(help: "The account id (^[a-z0-9][a-z0-9._-]{0,63}$).")
        var id: String

        @Option(help: #"The first identity, as JSON: {"type":"PubKey","value":"evm:0x…"}."#)
        var identity: String

        @Flag(help: "Print the account as JSON (the default output is JSON as well).")
        var json = false

        func run() async throws {
            try await reportingErrors(json: json) {
                let identity = try AuthIdentity(jsonText: identity)
                let account = try await options.withEngine { engine in try await engine.createAccount(id: id, identity: identity) }
                printJSON(account.json)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an account.")

        @OptionGroup var options: DataDirectoryOptions

        @Argument(help: "The account id.")
        var id: String

        @Flag(help: "Print the account as JSON.")
        var json = false

        func run() async throws {
            try await reportingErrors(json: json) {
                guard let account = try await options.withStore({ store in try await store.account(id: id) }) else {
                    throw EngineError.accountNotFound(id)
                }
                if json {
                    printJSON(account.json)
                } else {
                    print("account \(account.accountId), nonce \(account.nonce)")
                    for identity in account.authIdentities { print("  \(identity.canonicalKey)") }
                }
            }
        }
    }
}
