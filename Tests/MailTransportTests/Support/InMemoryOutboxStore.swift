import Foundation
import MailIngest
import MailTransport

/// An `OutboxStore` in memory, for the replier's tests.
actor InMemoryOutboxStore: OutboxStore {
    enum Status: Sendable, Hashable {
        case pending
        case sent
        case abandoned(reason: String)
    }

    /// One message and what happened to it.
    struct Entry: Sendable, Hashable {
        var mail: OutgoingMail
        var status: Status
        var nextAttemptAt: Date
        /// The last failure, when it was the sender's.
        var lastError: SMTPError?
    }

    private var entries: [Entry] = []
    private let now: @Sendable () -> Date

    init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    func enqueue(_ mail: OutgoingMail) {
        entries.append(Entry(mail: mail, status: .pending, nextAttemptAt: .distantPast, lastError: nil))
    }

    func entry(id: String) -> Entry? {
        entries.first { $0.mail.id == id }
    }

    func pending(limit: Int) -> [OutgoingMail] {
        let moment = now()
        return Array(entries.lazy.filter { $0.status == .pending && $0.nextAttemptAt <= moment }.map(\.mail).prefix(limit))
    }

    func markSent(id: String) {
        update(id) { $0.status = .sent }
    }

    func markFailed(id: String, error: any Error, nextAttemptAt: Date) {
        update(id) {
            $0.mail.attempts += 1
            $0.lastError = error as? SMTPError
            $0.nextAttemptAt = nextAttemptAt
        }
    }

    func markAbandoned(id: String, reason: String) {
        update(id) { $0.status = .abandoned(reason: reason) }
    }

    private func update(_ id: String, _ change: (inout Entry) -> Void) {
        guard let index = entries.firstIndex(where: { $0.mail.id == id }) else { return }
        change(&entries[index])
    }
}
