import AccountEngine
import ChainSigner
import Foundation

/// A real engine on a fresh SQLite file in a temporary folder, with the local signer.
struct EngineFixture {
    let directory: URL
    let store: SQLiteAccountStore
    let signer: LocalSigner
    let engine: AccountEngine

    init(rootSecret: [UInt8]? = nil, predecessor: String = "chainmail.testnet") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteAccountStore(path: directory.appendingPathComponent("accounts.sqlite").path)
        if let rootSecret {
            signer = try LocalSigner(rootSecret: rootSecret, predecessor: predecessor)
        } else {
            signer = try LocalSigner(dataDirectory: directory.path, predecessor: predecessor)
        }
        engine = AccountEngine(store: store, signer: signer)
    }

    func removeFiles() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The account as stored, as JSON text, or "absent".
    func storedAccountText(_ accountId: String) async throws -> String {
        try await store.account(id: accountId)?.json.compactText ?? "absent"
    }
}
