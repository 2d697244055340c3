import ChainTransactions
import ChainmailMetrics

/// Counts each sent chain transaction's end in `chainmail_broadcasts_total{status}`.
struct BroadcastMetricsObserver: BroadcastObserver {
    let metrics: ChainmailMetrics

    func broadcastEnded(_ broadcast: Broadcast) async {
        metrics.recordBroadcastEnd(status: broadcast.status.rawValue)
    }
}
