/// Delivers one ready RFC 5322 message. `SMTPSender` is the implementation; the protocol lets
/// the replier be driven by another transport (an LMTP client, a test relay).
public protocol SMTPSending: Sendable {
    func send(from: String, to: [String], data: [UInt8]) async throws(SMTPError)
}
