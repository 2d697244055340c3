/// Where a mail came from. A mail from a mailbox can be handed over again after a crash (IMAP
/// delivery is at least once), so it has a key under which its outcome is kept; mail posted to
/// the API or replayed from a file is handled once per arrival.
public enum MailSource: Sendable, Hashable, CustomStringConvertible {
    case imap(mailbox: String, uidValidity: UInt32, uid: UInt32)
    case api
    case file(String)

    /// The key under which a redelivery finds the first delivery's outcome.
    public var redeliveryKey: String? {
        switch self {
        case .imap(let mailbox, let uidValidity, let uid): "imap:\(uidValidity):\(uid):\(mailbox)"
        case .api, .file: nil
        }
    }

    public var description: String {
        switch self {
        case .imap(let mailbox, let uidValidity, let uid): "\(mailbox) UID \(uid) (UIDVALIDITY \(uidValidity))"
        case .api: "the API"
        case .file(let path): path
        }
    }
}
