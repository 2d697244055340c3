import ArgumentParser

@main
struct Chainmail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chainmail",
        abstract: "Authorise blockchain transactions by email, wallet, passkey or OIDC login.",
        subcommands: [
            DKIMCommand.self, ServeCommand.self, ReplayCommand.self, AccountCommand.self, AuditCommand.self, DeriveCommand.self, SignerCommand.self,
            OIDCCommand.self,
        ]
    )
}
