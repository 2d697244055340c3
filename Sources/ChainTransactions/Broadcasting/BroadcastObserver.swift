/// Told when a broadcast reaches a final state (confirmed, reverted, failed), before that state is
/// written: the mail side queues the sender's second reply then. One that throws has the end told
/// again later (`Broadcaster.attempt`), so telling twice must do no harm.
public protocol BroadcastObserver: Sendable {
    func broadcastEnded(_ broadcast: Broadcast) async throws
}
