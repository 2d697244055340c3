import ArgumentParser
import Logging

/// Log lines go to standard error, so a command's own output (JSON lines, tables) stays clean.
enum ConsoleLogging {
    static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
