import ArgumentParser

/// `chainmail store …`: the store itself, as opposed to what is in it.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Move chainmail's store from one kind to another.",
        subcommands: [StoreMigrateCommand.self]
    )
}
