/// One message as fetched from the mailbox, with the identity the handler uses to stay
/// idempotent: (mailbox, uidValidity, uid) names the same bytes for as long as the mailbox lives.
public struct FetchedMail: Sendable, Hashable {
    public var mailbox: String
    public var uidValidity: UInt32
    public var uid: UInt32
    /// The whole message as stored (RFC 5322, CRLF line ends), from `BODY.PEEK[]`.
    public var raw: [UInt8]

    public init(mailbox: String, uidValidity: UInt32, uid: UInt32, raw: [UInt8]) {
        self.mailbox = mailbox
        self.uidValidity = uidValidity
        self.uid = uid
        self.raw = raw
    }
}
