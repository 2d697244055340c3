import Foundation

/// An `OutboxStore` in memory, for tests and tools; everything is lost with the process.
public actor InMemoryOutboxStore: OutboxStore {
    public enum Status: Sendable, Hashable {
        case pending
        case sent
        case abandoned(reason: String)
    }

    /// One message and what happened to it.
    public struct Entry: Sendable, Hashable {
        public var mail: OutgoingMail
        public var status: Status
        public var nextAttemptAt: Date
        public var lastError: SMTPError?
    }

    private var entries: [Entry] = []
    private let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    public func enqueue(_ mail: OutgoingMail) {
        entries.append(Entry(mail: mail, status: .pending, nextAttemptAt: .distantPast, lastError: nil))
    }

    public func entry(id: String) -> Entry? {
        entries.first { $0.mail.id == id }
    }

    public var allEntries: [Entry] { entries }

    public func pending(limit: Int) -> [OutgoingMail] {
        let moment = now()
        return Array(entries.lazy.filter { $0.status == .pending && $0.nextAttemptAt <= moment }.map(\.mail).prefix(limit))
    }

    public func markSent(id: String) {
        update(id) { $0.status = .sent }
    }

    public func markFailed(id: String, error: SMTPError, nextAttemptAt: Date) {
        update(id) {
            $0.mail.attempts += 1
            $0.lastError = error
            $0.nextAttemptAt = nextAttemptAt
        }
    }

    public func markAbandoned(id: String, reason: String) {
        update(id) { $0.status = .abandoned(reason: reason) }
    }

    private func update(_ id: String, _ change: (inout Entry) -> Void) {
        guard let index = entries.firstIndex(where: { $0.mail.id == id }) else { return }
        change(&entries[index])
    }
}
