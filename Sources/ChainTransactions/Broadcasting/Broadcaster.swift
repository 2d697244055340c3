import AsyncHTTPClient
import Foundation
import Logging

/// Sends the signed chain transactions that executions record (PROTOCOL.md section 8.4): each
/// with `eth_sendRawTransaction` on its chain's `rpcURL`, what fails for a while retried with
/// back-off, what a node refuses recorded `failed` with its message, and every sent one followed
/// by `eth_getTransactionReceipt` to `confirmed` or `reverted`. The bytes are the ones signed,
/// never re-signed, so a transaction sent again after a restart or a dropped connection keeps its
/// one nonce and hash. Observers are told each final state.
public final class Broadcaster: Sendable {
    let store: any BroadcastStore
    let chains: ChainRegistry
    let httpClient: HTTPClient
    let observers: [any BroadcastObserver]
    let settings: BroadcasterSettings
    let logger: Logger
    let now: @Sendable () -> Date

    public init(
        store: any BroadcastStore,
        chains: ChainRegistry,
        httpClient: HTTPClient,
        observers: [any BroadcastObserver] = [],
        settings: BroadcasterSettings = BroadcasterSettings(),
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.chains = chains
        self.httpClient = httpClient
        self.observers = observers
        self.settings = settings
        self.logger = logger
        self.now = now
    }

    /// Works until cancelled: the leases of a process that stopped are released first, then every
    /// `interval` the due broadcasts are claimed and worked on.
    public func run(interval: Duration = .seconds(1)) async {
        do {
            try await store.releaseBroadcastLeases()
        } catch {
            logger.warning("broadcast leases could not be released", metadata: ["error": "\(error)"])
        }
        while !Task.isCancelled {
            await runDue()
            try? await Task.sleep(for: interval)
        }
    }

    /// One pass: the due broadcasts, each attempted once, its new state written.
    public func runDue() async {
        let at = now()
        let due: [Broadcast]
        do {
            due = try await store.claimBroadcasts(
                now: at,
                leaseUntil: at.addingTimeInterval(settings.leaseSeconds),
                limit: settings.batchSize
            )
        } catch {
            logger.warning("broadcasts could not be read", metadata: ["error": "\(error)"])
            return
        }
        // One chain's transactions in the order they were recorded (their nonces' order, for one
        // sender): a node may refuse a nonce whose predecessor it has not seen. Chains side by side.
        let byChain = Dictionary(grouping: due, by: \.chainId).values
        await withTaskGroup(of: Void.self) { group in
            for broadcasts in byChain {
                group.addTask {
                    for broadcast in broadcasts { await self.attempt(broadcast) }
                }
            }
        }
    }

    /// One step for `broadcast`; once final, the observers told; then its new state written. An
    /// observer that fails (a reply that could not be queued) leaves the state unwritten, so the
    /// broadcast is attempted again, and the observers told again, once its lease ends: nothing
    /// is lost, and an observer must bear being told twice.
    func attempt(_ broadcast: Broadcast) async {
        let (next, due) = await step(broadcast)
        do {
            if next.status.isFinal {
                for observer in observers { try await observer.broadcastEnded(next) }
            }
            try await store.updateBroadcast(next, nextAttemptAt: due)
        } catch {
            logger.warning(
                "a broadcast's end could not be recorded; it is attempted again once its lease ends",
                metadata: ["txHash": "\(broadcast.txHash)", "transactionHash": "\(broadcast.transactionHash)", "error": "\(error)"]
            )
            return
        }
        if next.status != broadcast.status {
            logger.info(
                "broadcast \(next.status.rawValue)",
                metadata: [
                    "txHash": "\(next.txHash)", "chainId": "\(next.chainId)", "transactionHash": "\(next.transactionHash)",
                    "blockNumber": "\(next.blockNumber.map(String.init) ?? "")", "error": "\(next.error ?? "")",
                ]
            )
        }
    }
}
