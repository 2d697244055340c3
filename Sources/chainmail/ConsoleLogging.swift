import ArgumentParser
import Logging

/// Log lines go to standard error, so a command's own output (JSON lines, tables) stays clean:
/// swift-log's text lines, or one JSON object a line (`logFormat: json`).
enum ConsoleLogging {
    static func bootstrap(level: Logger.Level, format: LogFormat = .text) {
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            case .json:
                return JSONLogHandler(label: label, logLevel: level)
            }
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
