import AccountEngine
import ServiceLifecycle

/// A long-running loop (the IMAP poller, the SMTP replier, the OIDC key refresher) as a
/// service: it runs until graceful shutdown, which cancels it; each loop finishes the mail it
/// holds and returns. With a `leadership` (several instances on one PostgreSQL store), the loop
/// runs only while this instance holds the worker's lease, and stops at once when it loses it.
struct LoopService: Service {
    let name: String
    var leadership: WorkerLeadership?
    let loop: @Sendable () async -> Void

    init(name: String, leadership: WorkerLeadership? = nil, loop: @escaping @Sendable () async -> Void) {
        self.name = name
        self.leadership = leadership
        self.loop = loop
    }

    func run() async throws {
        let loop = loop
        try await cancelWhenGracefulShutdown {
            if let leadership {
                try await leadership.run { _ in await loop() }
            } else {
                await loop()
            }
        }
    }
}
