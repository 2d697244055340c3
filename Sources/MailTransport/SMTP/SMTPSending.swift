/// Delivers one ready RFC 5322 message. `SMTPSender` is the implementation; the protocol lets
/// the replier be driven by another transport (an LMTP client, a test relay).
public protocol SMTPSending: Sendable {
    func send(from: String, to: [String], data: [UInt8]) async throws(SMTPError)

    /// Connects and logs in as a send would, then quits without sending: for the readiness check.
    func checkConnection() async throws(SMTPError)
}

extension SMTPSending {
    /// A transport without a separate check counts as usable until a send says otherwise.
    public func checkConnection() async throws(SMTPError) {}
}
