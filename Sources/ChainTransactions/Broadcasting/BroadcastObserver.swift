/// Told when a broadcast reaches a final state (confirmed, reverted, failed): the mail side sends
/// the sender a second reply then.
public protocol BroadcastObserver: Sendable {
    func broadcastEnded(_ broadcast: Broadcast) async
}
