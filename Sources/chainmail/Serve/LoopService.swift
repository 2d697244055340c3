import ServiceLifecycle

/// A long-running loop (the IMAP poller, the SMTP replier, the OIDC key refresher) as a
/// service: it runs until graceful shutdown, which cancels it; each loop finishes the mail it
/// holds and returns.
struct LoopService: Service {
    let name: String
    let loop: @Sendable () async -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await loop()
        }
    }
}
