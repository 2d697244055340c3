import AccountEngine
import ArgumentParser
import ChainSigner
import Foundation

/// Where chainmail keeps its state (the SQLite store, the local signer's root key) and which NEAR
/// account it signs as.
struct DataDirectoryOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (default: $CHAINMAIL_DATA_DIR, else ./.chainmail).")
    var dataDirectory: String?

    @Option(help: "The NEAR account id that calls the chain-signature signer.")
    var predecessor: String = "chainmail.testnet"

    var resolvedDataDirectory: String {
        if let dataDirectory, !dataDirectory.isEmpty { return dataDirectory }
        if let fromEnvironment = ProcessInfo.processInfo.environment["CHAINMAIL_DATA_DIR"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "./.chainmail"
    }

    func makeSigner() throws -> LocalSigner {
        try LocalSigner(dataDirectory: resolvedDataDirectory, predecessor: predecessor)
    }

    func makeStore() throws -> SQLiteAccountStore {
        try FileManager.default.createDirectory(atPath: resolvedDataDirectory, withIntermediateDirectories: true)
        return try SQLiteAccountStore(path: (resolvedDataDirectory as NSString).appendingPathComponent("accounts.sqlite"))
    }

    func makeEngine() throws -> AccountEngine {
        AccountEngine(store: try makeStore(), signer: try makeSigner())
    }
}

/// Runs a command body, turning refusals into `<code>: <message>` on stderr (a JSON error object
/// with `--json`) and a non-zero exit status.
func reportingErrors(json: Bool, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as EngineError {
        fail(code: error.code, message: error.message, json: json)
    } catch let error as ChainSignerError {
        fail(code: error.code.name, message: error.message, json: json)
    } catch let error as ExitCode {
        throw error
    } catch {
        fail(code: "internal_error", message: "\(error)", json: json)
    }
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
