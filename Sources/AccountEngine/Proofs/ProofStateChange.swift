/// State a proof consumes, written atomically with the execution it authorises (see
/// `ProofVerdict.validIfCommitted`). The store applies each as a compare-and-set and refuses the
/// whole commit when one no longer holds.
public enum ProofStateChange: Sendable, Hashable {
    /// A passkey's signature counter advances to `count` (never 0). Committed only while the
    /// stored counter is absent or below `count`, so of two executions presenting the same
    /// assertion (or a replay racing the first use) one loses with `webauthn_counter_regressed`.
    case webAuthnSignCount(credential: String, count: UInt32)
    /// A DKIM signature (its `b=` value) authorises one execution only (PROTOCOL.md section 5):
    /// committed only if it was never accepted before, else `email_replayed`. Kept with the
    /// transaction it authorised and the mailbox message it came in, so a mail handed over again
    /// after a crash can be told from a replay.
    case emailSignature(String, txHash: String, redeliveryKey: String?)
}
