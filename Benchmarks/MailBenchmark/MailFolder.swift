import AccountEngine
import DKIMVerifier
import Foundation

/// A folder as `chainmail replay` reads it (Sources/chainmail/Replay/ReplayInputs.swift): the
/// `.eml` files in name order, the DKIM keys of `dns.txt` and the accounts of `accounts.json`.
/// The mails are read into memory here, so no measurement includes file I/O.
struct MailFolder {
    struct SeedAccount {
        let accountId: String
        let identities: [AuthIdentity]
    }

    /// The files' names, in order, and their bytes.
    let names: [String]
    let mails: [[UInt8]]
    let keyResolver: StaticKeyResolver
    let accounts: [SeedAccount]

    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// The first `limit` mails of `path` (all of them when `limit` is nil).
    init(path: String, limit: Int?) throws {
        let base = URL(fileURLWithPath: path)
        let files = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".eml") }.sorted()
        let chosen = limit.map { Array(files.prefix($0)) } ?? files
        guard !chosen.isEmpty else { throw LoadError(description: "no .eml files in \(path)") }
        names = chosen
        mails = try chosen.map { [UInt8](try Data(contentsOf: base.appendingPathComponent($0))) }

        let dns = try String(contentsOf: base.appendingPathComponent("dns.txt"), encoding: .utf8)
        keyResolver = StaticKeyResolver(fakeDNSText: dns)

        let json = try StrictJSONParser().parse([UInt8](try Data(contentsOf: base.appendingPathComponent("accounts.json"))))
        accounts = try (json.arrayValue ?? []).map { entry in
            guard let accountId = entry["accountId"]?.stringValue, let identities = entry["authIdentities"]?.arrayValue else {
                throw LoadError(description: "\(path)/accounts.json: each account needs accountId and authIdentities")
            }
            return SeedAccount(accountId: accountId, identities: try identities.map { try AuthIdentity(json: $0) })
        }
        guard accounts.count == 1 else { throw LoadError(description: "\(path)/accounts.json: expected one account") }
    }
}
