import Foundation

extension AccountEngine {
    /// Completes `signing` transactions whose attempt failed for a while or whose process stopped:
    /// every `interval`, those due, at most `concurrency` at a time, until cancelled. The leases
    /// a stopped process held are released first, so its transactions are attempted at once
    /// (the store is this instance's alone: serve holds the data directory's lock).
    public func runSigningWorker(interval: Duration = .seconds(1), concurrency: Int = 8) async {
        let at = now()
        _ = try? await store.releaseSigningLeases(now: at)
        let running = LockedBox(0)
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let free = concurrency - running.withLock { $0 }
                if free > 0 {
                    let at = now()
                    let due =
                        (try? await store.claimSigningTransactions(
                            now: at,
                            leaseUntil: at.addingTimeInterval(Self.signingLease),
                            limit: free
                        )) ?? []
                    running.withLock { $0 += due.count }
                    for transaction in due {
                        group.addTask {
                            await self.attemptSigning(transaction)
                            running.withLock { $0 -= 1 }
                        }
                    }
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
