import AccountEngine
import ArgumentParser
import Foundation

struct OIDCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oidc",
        abstract: "Manage the OIDC issuers' verification keys.",
        subcommands: [Keys.self]
    )

    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The OIDC key registry in the configured store (kept across restarts, used when a provider is unreachable).",
            subcommands: [Import.self, List.self, Remove.self]
        )
    }

    /// A registry on the configured store. Only operator imports and stored keys are used here: no
    /// JWKS is fetched from the command line.
    /// Not inlined: inlined into `Import.run`'s async closure, this call chain crashes Swift 6.3's
    /// optimiser (LLVM CoroSplit, "While splitting coroutine", `-c release`).
    @inline(never)
    static func registry(_ store: any OIDCKeyStore) throws -> OIDCKeyRegistry {
        try OIDCKeyRegistry(settings: OIDCSettings(), store: store, httpClient: nil)
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register an issuer's keys from a JWKS file (keys of other kinds are skipped and listed)."
        )

        @OptionGroup var options: DataDirectoryOptions

        @Option(help: "The issuer, exactly as its tokens' iss claim says it.")
        var issuer: String

        @Option(help: "A JSON Web Key Set file ({\"keys\":[…]}).")
        var jwks: String

        @Flag(help: "Print errors as JSON (the result is always JSON).")
        var json = false

        func run() async throws {
            try await reportingErrors(json: json) {
                guard let data = FileManager.default.contents(atPath: jwks) else {
                    throw EngineError.oidcJWKSInvalid("cannot read \(jwks)")
                }
                let outcome = try await options.withStore { store in
                    try await OIDCCommand.registry(store).importJWKS(Array(data), issuer: issuer)
                }
                printJSON(outcome.json)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the registered keys, of one issuer or of all.")

        @OptionGroup var options: DataDirectoryOptions

        @Option(help: "Only this issuer.")
        var issuer: String?

        @Flag(help: "Print errors as JSON (the result is always JSON).")
        var json = false

        func run() async throws {
            try await reportingErrors(json: json) {
                let entries = try await options.withStore { store in
                    let issuers: [String]
                    if let issuer { issuers = [issuer] } else { issuers = try await store.oidcKeyIssuers() }
                    var entries: [JSONValue] = []
                    for issuer in issuers {
                        for key in try await store.oidcKeys(issuer: issuer) {
                            entries.append(
                                .object([
                                    "issuer": .string(issuer),
                                    "kid": .string(key.kid),
                                    "source": .string(key.source.rawValue),
                                    "recordedAt": .integer(UInt64(max(0, key.recordedAt.timeIntervalSince1970))),
                                    "jwk": try StrictJSONParser().parse(key.jwk),
                                ])
                            )
                        }
                    }
                    return entries
                }
                printJSON(.object(["keys": .array(entries)]))
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove one key (a compromised or retired one).")

        @OptionGroup var options: DataDirectoryOptions

        @Option(help: "The issuer.")
        var issuer: String

        @Option(help: "The key's kid.")
        var kid: String

        @Flag(help: "Print errors as JSON.")
        var json = false

        func run() async throws {
            try await reportingErrors(json: json) {
                let removed = try await options.withStore { store in try await OIDCCommand.registry(store).removeKey(issuer: issuer, kid: kid) }
                printJSON(.object(["issuer": .string(issuer), "kid": .string(kid), "removed": .bool(removed)]))
                if !removed { throw ExitCode(1) }
            }
        }
    }
}
