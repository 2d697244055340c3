import AccountEngine
import AsyncHTTPClient
import ChainTransactions
import Foundation
import Logging

/// `replay` sends what it signed as `serve` does: the signed transactions of chains with an
/// `rpcURL` (chains.json), followed to their receipts, for at most the given wait.
enum ReplayBroadcasts {
    static func send(_ txHashes: [String], store: SQLiteAccountStore, chains: ChainRegistry, waitSeconds: Int) async throws {
        guard chains.evmChains.contains(where: { $0.rpcURL != nil }), !txHashes.isEmpty else { return }
        // The fixtures' clock is fixed; the broadcaster's runs, and never gives up within the wait.
        var settings = BroadcasterSettings()
        settings.giveUpSeconds = .greatestFiniteMagnitude
        settings.maximumRetrySeconds = 2
        let broadcaster = Broadcaster(
            store: store,
            chains: chains,
            httpClient: .shared,
            settings: settings,
            logger: Logger(label: "chainmail.broadcast")
        )
        let deadline = ContinuousClock.now + .seconds(waitSeconds)
        while ContinuousClock.now < deadline {
            await broadcaster.runDue()
            var open = false
            for txHash in txHashes where try await store.broadcasts(txHash: txHash).contains(where: { !$0.status.isFinal }) {
                open = true
            }
            guard open else { return }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
