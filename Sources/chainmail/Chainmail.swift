import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct Chainmail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chainmail",
        abstract: "Authorise blockchain transactions by email, wallet, passkey or OIDC login.",
        version: ChainmailVersion.text,
        subcommands: [
            InitCommand.self, ConfigCommand.self, DKIMCommand.self, ServeCommand.self, ReplayCommand.self, AccountCommand.self, AuditCommand.self,
            DeriveCommand.self, SignerCommand.self, OIDCCommand.self, SummaryCommand.self, StoreCommand.self,
        ]
    )

    /// Every file chainmail creates is private to its user (0600, directories 0700): the umask is
    /// set before any command runs.
    static func main() async {
        umask(0o077)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
