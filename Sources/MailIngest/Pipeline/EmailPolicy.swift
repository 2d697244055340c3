import DKIMVerifier

/// What PROTOCOL.md section 5 asks of a mail before it may authorise anything, with the
/// settings an operator may change.
public struct EmailPolicy: Sendable, Hashable, Codable {
    /// Larger mails are refused unread.
    public var maximumMessageBytes = 10 * 1024 * 1024
    /// A mail whose signature (or, without `t=`, whose `Date:`) is older than this is refused,
    /// so a mail refused today cannot be replayed next week when the nonce has caught up.
    public var maximumAgeSeconds: Int64 = 3600
    /// How far in the future `t=` or `Date:` may be.
    public var maximumFutureSeconds: Int64 = 300
    /// The RSA key size below which a signature does not count (RFC 8301).
    public var minimumRSABits = 1024
    /// A mailbox message that could not be handled for a cause that is not its fault (a DKIM key
    /// look-up that failed temporarily, the store or the signer down) stays in the mailbox and is
    /// tried again after this many seconds, then after twice as long each time…
    public var retryFirstSeconds: Int64 = 10
    /// …up to this many seconds between tries.
    public var retryMaximumSeconds: Int64 = 300
    /// How long such a message may wait before its sender gets one reply saying it is delayed.
    public var delayNoticeSeconds: Int64 = 900

    public init() {}

    /// The DKIM verifier's policy for email authorisation: no rsa-sha1, no partial bodies.
    public var dkimPolicy: DKIMPolicy {
        var policy = DKIMPolicy()
        policy.minimumRSABits = minimumRSABits
        policy.allowSHA1 = false
        policy.allowPartialBody = false
        policy.clockSkew = maximumFutureSeconds
        return policy
    }
}
