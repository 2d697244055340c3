/// Told how each `signing` transaction ends, by whichever attempt ends it (the one after its
/// commit, or the signing worker's, after a restart too). The mail pipeline queues a mail's
/// reply this way.
package protocol SigningSettlementObserver: Sendable {
    /// The replies answered in the same store transaction as the end (nil: none).
    func awaitingReplies(for outcome: SigningOutcome) -> AwaitingRepliesAnswer?

    /// Called once the end is written.
    func settled(_ outcome: SigningOutcome) async
}
