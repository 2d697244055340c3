import ChainTransactions
import ChainmailMetrics

/// Counts each sent chain transaction's end in `chainmail_broadcasts_total{status}` (an end told
/// twice, because its write failed the first time, is counted twice).
struct BroadcastMetricsObserver: BroadcastObserver {
    let metrics: ChainmailMetrics

    func broadcastEnded(_ broadcast: Broadcast) async {
        metrics.recordBroadcastEnd(status: broadcast.status.rawValue)
    }
}
