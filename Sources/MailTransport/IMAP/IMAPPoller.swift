import ChainmailMetrics
import Logging
import MailIngest

/// Watches one IMAP mailbox and hands every new message to an `IMAPMessageHandler`, then marks
/// it on the server (see `IMAPAfterProcessing`). Runs until its task is cancelled, surviving lost
/// connections and server restarts with backoff. All libetpan calls run on a private serial
/// queue (`BlockingLane`), never on the cooperative pool.
///
/// A round: SELECT (UIDVALIDITY), `UID SEARCH UID <checkpoint+1>:* UNDELETED [UNKEYWORD k]`, then
/// per message, in UID order: RFC822.SIZE, `BODY.PEEK[]`, `handle`, mark, save the checkpoint.
/// Messages above `maxMessageSize` are not fetched nor handed over: they are logged, marked like
/// handled ones so they do not come back every round, and stay in the mailbox (or the move
/// target) for a person to look at. Each handing-over is counted durably first; a message whose
/// handling was begun `maxAttempts` times without returning (it killed or hung the process) is set
/// aside the same way, with the keyword `$ChainmailSetAside`, and the rest of the mailbox goes on.
///
/// Its readiness (`ChainmailMetrics.recordComponent(.imap, …)`) is reported after every login and
/// SELECT that went through (ready) and every IMAP failure (not ready, with the cause), so GET
/// /readyz says 503 with the cause while the server refuses the login or cannot be reached.
/// Its lag (`ChainmailMetrics.recordIMAPLag`) is set after every round to how long the round took,
/// and after every failure to the time since the last round that went through.
public final class IMAPPoller: Sendable {
    public let configuration: IMAPPollerConfiguration
    private let handler: any IMAPMessageHandler
    private let checkpoints: any MailboxCheckpointStore
    private let logger: Logger
    private let metrics: ChainmailMetrics
    private let tls: TLSClientContext?
    private let lane: BlockingLane
    private let wakeSignal = WakeSignal()

    /// Fails at once on settings that cannot work (bad keyword, unreadable CA file).
    public init(
        configuration: IMAPPollerConfiguration,
        handler: any IMAPMessageHandler,
        checkpoints: any MailboxCheckpointStore = InMemoryMailboxCheckpointStore(),
        logger: Logger = Logger(label: "chainmail.imap"),
        metrics: ChainmailMetrics = ChainmailMetrics()
    ) throws(IMAPError) {
        try configuration.validate()
        self.configuration = configuration
        self.handler = handler
        self.checkpoints = checkpoints
        var logger = logger
        logger[metadataKey: "imap.mailbox"] = "\(configuration.username)@\(configuration.host):\(configuration.port)/\(configuration.mailbox)"
        self.logger = logger
        self.metrics = metrics
        do {
            tls = try TLSClientContext.required(for: configuration)
        } catch {
            throw .tlsFailed(error)
        }
        lane = BlockingLane(label: "chainmail.imap.\(configuration.host).\(configuration.mailbox)")
    }

    /// Ends the current wait (IDLE or the pause between polls) so a round starts now: for a
    /// caller that knows new mail arrived. Harmless at any time.
    public func wake() {
        wakeSignal.signal()
    }

    /// Connects, logs in, selects the mailbox and logs out: checks the configuration against the
    /// server (certificate, host name, credentials, mailbox) and returns the UIDVALIDITY.
    @discardableResult
    public func checkConnection() async throws(IMAPError) -> UInt32 {
        let session = try await openSession()
        do {
            let uidValidity = try await lane.run { () throws(IMAPError) -> UInt32 in try session.select(self.configuration.mailbox) }
            await lane.run { session.logout() }
            return uidValidity
        } catch {
            await lane.run { session.logout() }
            throw error
        }
    }

    /// Polls until the calling task is cancelled; then finishes the message in hand, logs out
    /// and returns. Errors are logged and retried with backoff, never thrown.
    public func run() async {
        await withTaskCancellationHandler {
            await runUntilCancelled()
        } onCancel: {
            wakeSignal.signal()
        }
    }

    private func runUntilCancelled() async {
        var failures = 0
        var knownUIDValidity: UInt32?
        var lastRoundEnd = ContinuousClock.now
        while !Task.isCancelled {
            var session: IMAPSession?
            do {
                let current = try await openSession()
                session = current
                var uidValidity = try await select(current, known: knownUIDValidity)
                knownUIDValidity = uidValidity
                metrics.recordComponent(.imap, ready: true)
                logger.info(
                    "connected",
                    metadata: ["imap.uidvalidity": "\(uidValidity)", "imap.idle": "\(configuration.useIdle && current.hasIdle)"]
                )
                while !Task.isCancelled {
                    let roundStart = ContinuousClock.now
                    let round = try await runRound(current, uidValidity: uidValidity)
                    lastRoundEnd = ContinuousClock.now
                    metrics.recordIMAPLag(seconds: Self.seconds(lastRoundEnd - roundStart))
                    failures = 0
                    if Task.isCancelled { break }
                    if round.moreWaiting { continue }
                    try await waitForMail(current, retriesPending: round.retriesPending)
                    if Task.isCancelled { break }
                    // Selected again after each wait: a mailbox deleted and created again while
                    // selected is not always reported (Dovecot may go on answering for the old
                    // one), and only a new SELECT shows its new UIDVALIDITY.
                    uidValidity = try await select(current, known: uidValidity)
                    knownUIDValidity = uidValidity
                }
                await lane.run { current.logout() }
                logger.info("stopped")
                return
            } catch {
                failures += 1
                if let error = error as? IMAPError {
                    metrics.recordComponent(.imap, ready: false, detail: error.description)
                }
                metrics.recordIMAPLag(seconds: Self.seconds(ContinuousClock.now - lastRoundEnd))
                let delay = configuration.reconnectBackoff.delay(attempt: failures)
                logger.error(
                    "IMAP connection failed; reconnecting",
                    metadata: ["error": "\(error)", "attempt": "\(failures)", "retry_in": "\(delay)"]
                )
                if let session { await lane.run { session.logout() } }
                session = nil
                try? await Task.sleep(for: delay)
            }
        }
    }

    /// Selects the mailbox and answers its UIDVALIDITY, warning when it is not `known`.
    private func select(_ session: IMAPSession, known: UInt32?) async throws(IMAPError) -> UInt32 {
        let mailbox = configuration.mailbox
        let uidValidity = try await lane.run { () throws(IMAPError) -> UInt32 in try session.select(mailbox) }
        if let known, known != uidValidity {
            logger.warning(
                "UIDVALIDITY changed: every message in the mailbox counts as new",
                metadata: ["imap.uidvalidity.old": "\(known)", "imap.uidvalidity.new": "\(uidValidity)"]
            )
        }
        return uidValidity
    }

    private func openSession() async throws(IMAPError) -> IMAPSession {
        let configuration = configuration
        let tls = tls
        let session = try await lane.run { () throws(IMAPError) -> IMAPSession in
            try IMAPSession.open(configuration: configuration, tls: tls)
        }
        if case .move(let target) = configuration.afterProcessing {
            try await lane.run { () throws(IMAPError) in try session.ensureMailboxExists(target) }
        }
        return session
    }

    private struct RoundOutcome {
        /// The batch was full: start the next round without waiting.
        var moreWaiting: Bool
        /// A message was left for later: do not sleep for a whole IDLE period.
        var retriesPending: Bool
    }

    private func runRound(_ session: IMAPSession, uidValidity: UInt32) async throws -> RoundOutcome {
        // A wake-up that arrives from here on starts another round right after this one.
        wakeSignal.drain()
        let mailbox = configuration.mailbox
        let checkpoint = try await checkpoints.load(mailbox: mailbox, uidValidity: uidValidity) ?? 0
        let unkeyword: String? =
            switch configuration.afterProcessing {
            case .flag(let keyword): keyword
            case .move: nil
            }
        let uids = try await lane.run { () throws(IMAPError) -> [UInt32] in
            try session.searchNewUIDs(after: checkpoint, unkeyword: unkeyword)
        }
        if !uids.isEmpty {
            logger.debug("new messages", metadata: ["count": "\(uids.count)", "imap.checkpoint": "\(checkpoint)"])
        }

        var holdsCheckpoint = false
        var anyDone = false
        for uid in uids.prefix(configuration.batchSize) {
            if Task.isCancelled { break }
            let handling = try await process(uid: uid, session: session, uidValidity: uidValidity)
            switch handling {
            case .done:
                anyDone = true
                if !holdsCheckpoint {
                    try await checkpoints.save(mailbox: mailbox, uidValidity: uidValidity, lastHandledUID: uid)
                }
            case .retryLater:
                holdsCheckpoint = true
            }
        }
        return RoundOutcome(moreWaiting: uids.count > configuration.batchSize && anyDone, retriesPending: holdsCheckpoint)
    }

    private func process(uid: UInt32, session: IMAPSession, uidValidity: UInt32) async throws -> MailHandling {
        let maxSize = configuration.maxMessageSize
        let fetched = try await lane.run { () throws(IMAPError) -> IMAPSession.Fetched in
            try session.fetch(uid: uid, maxSize: maxSize)
        }
        let action = configuration.afterProcessing
        switch fetched {
        case .missing:
            // Expunged by someone else since the search: nothing left to handle or mark.
            return .done
        case .tooLarge(let size):
            logger.warning(
                "message over the size limit skipped and marked without being handled",
                metadata: ["imap.uid": "\(uid)", "size": "\(size)", "limit": "\(maxSize)"]
            )
            try await lane.run { () throws(IMAPError) in try session.mark(uid: uid, as: action) }
            return .done
        case .message(let raw):
            let mailbox = configuration.mailbox
            let attempt = try await checkpoints.beginAttempt(mailbox: mailbox, uidValidity: uidValidity, uid: uid)
            guard attempt <= configuration.maxAttempts else {
                logger.error(
                    "message set aside: its handling was begun \(attempt - 1) times and never returned",
                    metadata: ["imap.uid": "\(uid)", "keyword": "\(IMAPAfterProcessing.setAsideKeyword)"]
                )
                try await lane.run { () throws(IMAPError) in try session.setAside(uid: uid, as: action) }
                try await checkpoints.endAttempt(mailbox: mailbox, uidValidity: uidValidity, uid: uid)
                return .done
            }
            let mail = FetchedMail(mailbox: mailbox, uidValidity: uidValidity, uid: uid, raw: raw)
            // An unstructured task does not inherit our cancellation: a message in hand is
            // finished (handled and marked) even while the poller is being stopped.
            let handler = handler
            let handling = await Task { await handler.handle(mail) }.value
            try await checkpoints.endAttempt(mailbox: mailbox, uidValidity: uidValidity, uid: uid)
            if handling == .done {
                try await lane.run { () throws(IMAPError) in try session.mark(uid: uid, as: action) }
            } else {
                logger.info("message left for a later round", metadata: ["imap.uid": "\(uid)"])
            }
            return handling
        }
    }

    private func waitForMail(_ session: IMAPSession, retriesPending: Bool) async throws {
        let wakeSignal = wakeSignal
        if configuration.useIdle && session.hasIdle {
            let limit = retriesPending ? min(configuration.pollInterval, configuration.maxIdleTime) : configuration.maxIdleTime
            _ = try await lane.run { () throws(IMAPError) -> WakeSignal.WakeReason in
                try session.idle(upTo: limit, wake: wakeSignal)
            }
        } else {
            let interval = configuration.pollInterval
            _ = await lane.run { wakeSignal.wait(timeout: interval) }
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
