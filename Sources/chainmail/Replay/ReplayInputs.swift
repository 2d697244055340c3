import AccountEngine
import ArgumentParser
import ByteEncoding
import ChainTransactions
import DKIMVerifier
import Foundation

/// The mails to replay and what their folders say about the world: DKIM keys, accounts, time,
/// chains and token lists (`chains.json`), the local signer's root secret (`signer-root.hex`).
struct ReplayInputs {
    struct SeedAccount {
        let accountId: String
        let identities: [AuthIdentity]
    }

    let files: [String]
    let keyResolver: StaticKeyResolver
    let accounts: [SeedAccount]
    let fixtureTime: Int64?
    let chains: ChainRegistry
    /// 32 bytes, so that fixtures naming a derived `from` address replay alike; nil: a fresh key.
    let signerRoot: [UInt8]?

    init(paths: [String]) throws {
        var files: [String] = []
        var folders: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("no such file or folder: \(path)")
            }
            let folder = isDirectory.boolValue ? path : (path as NSString).deletingLastPathComponent
            if !folders.contains(folder) { folders.append(folder) }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".eml") }.sorted()
                files += names.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        self.files = files

        var dns = ""
        var accounts: [SeedAccount] = []
        var fixtureTime: Int64?
        var chains: ChainRegistry?
        var signerRoot: [UInt8]?
        for folder in folders {
            let base = URL(fileURLWithPath: folder.isEmpty ? "." : folder)
            if let text = try? String(contentsOf: base.appendingPathComponent("dns.txt"), encoding: .utf8) { dns += text + "\n" }
            if let data = try? Data(contentsOf: base.appendingPathComponent("accounts.json")) {
                accounts += try Self.accounts(from: data, in: folder)
            }
            if fixtureTime == nil, let text = try? String(contentsOf: base.appendingPathComponent("now"), encoding: .utf8) {
                fixtureTime = Int64(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            let chainsPath = base.appendingPathComponent("chains.json").path
            if chains == nil, FileManager.default.fileExists(atPath: chainsPath) {
                do {
                    chains = try ChainsFile.registry(path: chainsPath)
                } catch {
                    throw ValidationError("\(chainsPath): \(error)")
                }
            }
            if signerRoot == nil, let text = try? String(contentsOf: base.appendingPathComponent("signer-root.hex"), encoding: .utf8) {
                let hex = text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard hex.utf8.count == 64, let bytes = [UInt8](hex: hex) else {
                    throw ValidationError("\(folder)/signer-root.hex must hold 64 hex digits")
                }
                signerRoot = bytes
            }
        }
        self.chains = chains ?? .builtIn
        self.signerRoot = signerRoot
        self.keyResolver = StaticKeyResolver(fakeDNSText: dns)
        self.accounts = accounts
        self.fixtureTime = fixtureTime
    }

    private static func accounts(from data: Data, in folder: String) throws -> [SeedAccount] {
        do {
            let json = try StrictJSONParser().parse([UInt8](data))
            guard let list = json.arrayValue else { throw EngineError.invalidRequest("accounts.json must be a list") }
            return try list.map { entry in
                guard let accountId = entry["accountId"]?.stringValue, let identities = entry["authIdentities"]?.arrayValue else {
                    throw EngineError.invalidRequest("each account needs accountId and authIdentities")
                }
                return SeedAccount(accountId: accountId, identities: try identities.map { try AuthIdentity(json: $0) })
            }
        } catch let error as EngineError {
            throw ValidationError("\(folder)/accounts.json: \(error.code): \(error.message)")
        }
    }
}
