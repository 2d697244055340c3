/// How the broadcaster paces itself (PROTOCOL.md section 8.4).
public struct BroadcasterSettings: Sendable, Hashable {
    /// A node that does not answer is asked again after 2 s, doubling up to this.
    public var maximumRetrySeconds: Double = 300
    /// A broadcast whose node never took it within this long after its execution ends `failed`.
    public var giveUpSeconds: Double = 86_400
    /// A sent transaction's receipt is looked for this often until it is mined.
    public var receiptPollSeconds: Double = 2
    /// Broadcasts claimed per pass (each chain's worked on in order, the chains side by side).
    public var batchSize = 32
    /// How long one attempt may hold a broadcast before another instance may take it.
    public var leaseSeconds: Double = 120

    public init() {}
}
