/// Told how each `signing` transaction ends, by whichever attempt ends it (the one after its
/// commit, or the signing worker's, after a restart too). The mail pipeline queues a mail's
/// reply this way.
package protocol SigningSettlementObserver: Sendable {
    /// A record written in the same store transaction as the end (nil: none).
    func attachment(for outcome: SigningOutcome) -> (any SQLiteCommitAttachment)?

    /// Called once the end is written.
    func settled(_ outcome: SigningOutcome) async
}
