import MailIngest

/// An `IMAPMessageHandler` that remembers every message handed over and answers with a fixed
/// (or per-call) outcome.
actor RecordingHandler: IMAPMessageHandler {
    private(set) var received: [FetchedMail] = []
    private let decide: @Sendable (FetchedMail, Int) -> MailHandling

    init(answer: MailHandling = .done) {
        decide = { _, _ in answer }
    }

    /// `decide(mail, timesSeenBefore)` picks the outcome.
    init(decide: @escaping @Sendable (FetchedMail, Int) -> MailHandling) {
        self.decide = decide
    }

    func handle(_ message: FetchedMail) async -> MailHandling {
        let seen = received.filter { $0.uid == message.uid && $0.uidValidity == message.uidValidity }.count
        received.append(message)
        return decide(message, seen)
    }

    var count: Int { received.count }
}
