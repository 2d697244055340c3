import Foundation

/// Where broadcasts are kept between the execution that records them and their end: the account
/// store, so they survive a restart and several instances share them (each claims a broadcast
/// under a lease before working on it).
public protocol BroadcastStore: Sendable {
    /// Up to `limit` broadcasts that are not final and due at `now`, leased until `leaseUntil`.
    func claimBroadcasts(now: Date, leaseUntil: Date, limit: Int) async throws -> [Broadcast]

    /// Writes `broadcast`'s new state; `nextAttemptAt` is when it is due again (nil once final),
    /// and the lease is released.
    func updateBroadcast(_ broadcast: Broadcast, nextAttemptAt: Date?) async throws

    /// The broadcasts of one chainmail transaction, in action order.
    func broadcasts(txHash: String) async throws -> [Broadcast]

    /// Gives back every lease (at start: the leases of an instance that died are its own).
    func releaseBroadcastLeases() async throws
}
