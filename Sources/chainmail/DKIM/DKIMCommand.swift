import ArgumentParser

struct DKIMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dkim",
        abstract: "DKIM tools.",
        subcommands: [DKIMVerifyCommand.self]
    )
}
