extension MailPipeline: IMAPMessageHandler {
    /// A mail from the mailbox: done once its outcome is recorded; offered again later when a
    /// dependency is down (nothing was recorded then, so nothing happens twice).
    public func handle(_ message: FetchedMail) async -> MailHandling {
        do {
            _ = try await process(message.raw, source: .imap(mailbox: message.mailbox, uidValidity: message.uidValidity, uid: message.uid))
            return .done
        } catch {
            logger.warning("mail left for later", metadata: ["uid": "\(message.uid)", "error": "\(error)"])
            return .retryLater
        }
    }
}
