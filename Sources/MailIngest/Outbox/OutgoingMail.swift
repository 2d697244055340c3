/// A reply waiting in the outbox.
public struct OutgoingMail: Sendable, Hashable, Identifiable {
    public var id: String
    /// Envelope sender (MAIL FROM); empty for the null reverse-path.
    public var from: String
    /// Envelope recipients (RCPT TO).
    public var to: [String]
    /// The whole RFC 5322 message, CRLF line ends.
    public var data: [UInt8]
    /// Failed attempts so far; the next retry waits longer for each.
    public var attempts: Int

    public init(id: String, from: String, to: [String], data: [UInt8], attempts: Int = 0) {
        self.id = id
        self.from = from
        self.to = to
        self.data = data
        self.attempts = attempts
    }
}
