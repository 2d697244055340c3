import AccountEngine
import ArgumentParser
import ChainSigner
import ErrorCodes
import Foundation

/// Runs a command body, turning refusals into `<code>: <message>` on stderr (a JSON error object
/// with `--json`) and a non-zero exit status; configuration problems as `chainmail: <problem>`
/// lines and status 78 (EX_CONFIG).
func reportingErrors(json: Bool, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ConfigurationProblems {
        exitWithConfigurationProblems(error.problems.map(\.description))
    } catch let error as EngineError {
        fail(code: error.code, message: error.message, json: json)
    } catch let error as ChainSignerError {
        fail(code: error.code.name, message: error.message, json: json)
    } catch let error as DataDirectoryError {
        fail(code: ErrorCode.invalidConfiguration.name, message: error.description, json: json)
    } catch let error as ExitCode {
        throw error
    } catch {
        fail(code: "internal_error", message: "\(error)", json: json)
    }
}

/// EX_CONFIG from sysexits.h: the configuration is wrong.
let configurationErrorStatus: Int32 = 78

/// Prints each problem as `chainmail: <problem>` on stderr, without a usage banner, and exits 78.
func exitWithConfigurationProblems(_ problems: [String]) -> Never {
    for problem in problems { FileHandle.standardError.write(Data("chainmail: \(problem)\n".utf8)) }
    exit(configurationErrorStatus)
}

private func fail(code: String, message: String, json: Bool) -> Never {
    let text =
        json
        ? JSONValue.object(["error": .object(["code": .string(code), "message": .string(message)])]).compactText
        : "chainmail: \(code): \(message)"
    FileHandle.standardError.write(Data((text + "\n").utf8))
    exit(1)
}

/// Prints one JSON value on a line.
func printJSON(_ value: JSONValue) {
    print(value.compactText)
}
