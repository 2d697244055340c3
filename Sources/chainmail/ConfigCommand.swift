import AccountEngine
import ArgumentParser
import Foundation

/// `chainmail config check --config F`: reads the file as `serve` would and checks everything that
/// needs no connection; prints `ok: F` (exit 0) or each problem (exit 1).
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check a configuration file.",
        subcommands: [Check.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a configuration file without connecting anywhere: syntax, settings, values, files it names, the data directory."
        )

        @Option(help: "The YAML configuration file.")
        var config: String

        @Flag(help: #"Print {"file","ok","problems":[…],"version"}."#)
        var json = false

        func run() async throws {
            let problems: [String]
            switch ServeConfiguration.read(path: config) {
            case .success(let settings): problems = settings.offlineProblems().map { "\(config): \($0)" }
            case .failure(let error): problems = error.problems.map(\.description)
            }
            if json {
                printJSON(
                    .object([
                        "file": .string(config), "ok": .bool(problems.isEmpty), "problems": .array(problems.map { .string($0) }),
                        "version": .string(ChainmailVersion.text),
                    ])
                )
            } else if problems.isEmpty {
                print("ok: \(config)")
            } else {
                for problem in problems { FileHandle.standardError.write(Data("chainmail: \(problem)\n".utf8)) }
            }
            if !problems.isEmpty { throw ExitCode.failure }
        }
    }
}
