/// How a handled message is marked so later rounds skip it.
public enum IMAPAfterProcessing: Sendable, Hashable {
    /// Set `\Seen` and `keyword`; new messages are those without the keyword.
    case flag(keyword: String)
    /// Set `\Seen` and move to another mailbox (created when missing): MOVE when the server has it, else COPY,
    /// `\Deleted` and UID EXPUNGE (plain EXPUNGE without UIDPLUS). Every message left in the polled
    /// mailbox is new.
    case move(to: String)

    public static let defaultKeyword = "$ChainmailProcessed"
    /// Set, beside the usual mark, on a message set aside after `maxAttempts` handlings that never
    /// returned (it crashed or hung the process), so a person can find it.
    public static let setAsideKeyword = "$ChainmailSetAside"
    public static let `default` = IMAPAfterProcessing.flag(keyword: defaultKeyword)
}
