import AccountEngine
import ChainSigner
import Foundation
import MailIngest

/// The pipeline exactly as `chainmail replay` builds it (Sources/chainmail/Replay/ReplayCommand.swift):
/// a fresh SQLite store in a folder of its own with `durable: false`, the local signer with a root
/// key made in that folder, the folder's accounts, the mail ledger sharing the store's database,
/// no service address required. Each round gets a new one, as each `replay` run does, so every
/// round executes nonces 0, 1, 2… again.
struct ReplayPipeline {
    static let predecessor = "chainmail.testnet"
    static let serviceAddress = "replay@chainmail.invalid"

    let workspace: URL
    let store: SQLiteAccountStore
    let ledger: SQLiteMailLedger
    let pipeline: MailPipeline

    init(folder: MailFolder, now: Date) async throws {
        workspace = FileManager.default.temporaryDirectory.appendingPathComponent("mail-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        store = try SQLiteAccountStore(path: workspace.appendingPathComponent("chainmail.sqlite").path, durable: false)
        let engine = AccountEngine(
            store: store,
            signer: try LocalSigner(dataDirectory: workspace.path, predecessor: Self.predecessor),
            serviceId: AuthenticationSettings.defaultServiceId,
            now: { now }
        )
        for account in folder.accounts {
            _ = try await engine.createAccount(id: account.accountId, identities: account.identities)
        }
        ledger = try SQLiteMailLedger(sharing: store)
        pipeline = MailPipeline(
            engine: engine,
            keyResolver: folder.keyResolver,
            ledger: ledger,
            serviceAddress: Self.serviceAddress,
            requiresServiceRecipient: false,
            now: { now }
        )
    }

    /// Removes the store's folder (the store's connections close when it is released).
    func remove() {
        try? FileManager.default.removeItem(at: workspace)
    }
}
