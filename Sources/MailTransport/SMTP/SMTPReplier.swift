import ChainmailMetrics
import Foundation
import Logging
import MailIngest

/// Drains an `OutboxStore` through an SMTP sender in its own task, so an SMTP server that is down
/// delays replies without ever blocking ingest. Temporary failures are retried per message with
/// exponential backoff; permanent ones (5xx, unusable requests, too many attempts) are abandoned.
public final class SMTPReplier: Sendable {
    public let configuration: SMTPReplierConfiguration
    private let sender: any SMTPSending
    private let outbox: any OutboxStore
    private let logger: Logger
    private let metrics: ChainmailMetrics
    private let wakeSignal = WakeSignal()
    private let lane = BlockingLane(label: "chainmail.smtp.replier")

    public init(
        sender: any SMTPSending,
        outbox: any OutboxStore,
        configuration: SMTPReplierConfiguration = SMTPReplierConfiguration(),
        logger: Logger = Logger(label: "chainmail.smtp.replier"),
        metrics: ChainmailMetrics = ChainmailMetrics()
    ) {
        self.sender = sender
        self.outbox = outbox
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
    }

    /// What one pass over the outbox did.
    public struct Pass: Sendable, Hashable {
        public var sent = 0
        public var failed = 0
        public var abandoned = 0
        public init() {}

        /// Messages tried in the pass, whatever came of them.
        public var attempted: Int { sent + failed + abandoned }

        mutating func add(_ other: Pass) {
            sent += other.sent
            failed += other.failed
            abandoned += other.abandoned
        }
    }

    /// Ends the current pause so the outbox is looked at now (after the pipeline queued a reply).
    public func wake() {
        wakeSignal.signal()
    }

    /// Drains the outbox every `pollInterval` (or on `wake()`) until the task is cancelled; then
    /// finishes the reply in hand (sent and marked sent, so a restart does not send it again) and
    /// returns. Reports the SMTP server's readiness (`ChainmailMetrics.recordComponent(.smtp, …)`)
    /// after each attempt, and checks the server itself at start and, while it is not ready, when
    /// a pass had nothing to send (at most every 30 s).
    public func run() async {
        await withTaskCancellationHandler {
            await checkServer()
            while !Task.isCancelled {
                wakeSignal.drain()
                let pass = await drainOnce()
                if Task.isCancelled { break }
                // A full batch that all went through: more may be waiting.
                if pass.sent == configuration.batchSize { continue }
                if pass.attempted == 0, let status = metrics.componentStatuses()[.smtp], !status.ready,
                    Date().timeIntervalSince(status.reportedAt) >= Self.recheckInterval
                {
                    await checkServer()
                }
                let wakeSignal = wakeSignal
                let interval = configuration.pollInterval
                _ = await lane.run { wakeSignal.wait(timeout: interval) }
            }
        } onCancel: {
            wakeSignal.signal()
        }
    }

    /// While the server is not ready and nothing is due, it is checked again this often (seconds).
    static let recheckInterval: TimeInterval = 30

    /// Connects to the SMTP server and logs in without sending anything, and reports what it found.
    public func checkServer() async {
        do {
            try await sender.checkConnection()
            metrics.recordComponent(.smtp, ready: true)
        } catch {
            metrics.recordComponent(.smtp, ready: false, detail: error.description)
            logger.error("the SMTP server cannot be used", metadata: ["error": "\(error)"])
        }
    }

    /// One pass: tries every due message once (up to `batchSize`), stopping early when the
    /// server itself is unusable (connect, TLS or AUTH failure) since the rest would fail alike.
    /// Each message is handled in an unstructured task, which does not inherit the caller's
    /// cancellation: a reply whose sending began is finished and its outcome recorded even while
    /// the replier is being stopped.
    @discardableResult
    public func drainOnce() async -> Pass {
        var pass = Pass()
        let batch: [OutgoingMail]
        do {
            batch = try await outbox.pending(limit: configuration.batchSize)
        } catch {
            logger.error("cannot read the outbox", metadata: ["error": "\(error)"])
            return pass
        }
        for mail in batch {
            if Task.isCancelled { break }
            let delivery = await Task { await self.deliver(mail) }.value
            pass.add(delivery.pass)
            if delivery.serverUnusable { break }
        }
        return pass
    }

    private struct Delivery {
        var pass = Pass()
        /// The server cannot be used at all: the rest of the batch would fail alike.
        var serverUnusable = false
    }

    /// Sends one reply and records the outcome in the outbox, the metrics and the readiness.
    private func deliver(_ mail: OutgoingMail) async -> Delivery {
        var delivery = Delivery()
        do {
            try await sender.send(from: mail.from, to: mail.to, data: mail.data)
            metrics.recordComponent(.smtp, ready: true)
            try await outbox.markSent(id: mail.id)
            delivery.pass.sent += 1
            metrics.recordSMTPDelivery(result: "sent")
            logger.info("reply sent", metadata: ["outbox.id": "\(mail.id)"])
        } catch let error as SMTPError {
            // A refusal or a deferral is an answer: the server works. Connect, TLS and AUTH failures are not.
            metrics.recordComponent(.smtp, ready: !error.affectsServer, detail: error.description)
            await recordFailure(of: mail, error: error, pass: &delivery.pass)
            delivery.serverUnusable = error.affectsServer
        } catch {
            logger.error("cannot update the outbox", metadata: ["outbox.id": "\(mail.id)", "error": "\(error)"])
        }
        return delivery
    }

    private func recordFailure(of mail: OutgoingMail, error: SMTPError, pass: inout Pass) async {
        let attempts = mail.attempts + 1
        do {
            if error.isPermanent {
                try await outbox.markAbandoned(id: mail.id, reason: error.description)
                pass.abandoned += 1
                metrics.recordSMTPDelivery(result: "abandoned")
                logger.warning("reply abandoned", metadata: ["outbox.id": "\(mail.id)", "error": "\(error)"])
            } else if attempts >= configuration.maxAttempts {
                try await outbox.markAbandoned(id: mail.id, reason: "gave up after \(attempts) attempts; last: \(error)")
                pass.abandoned += 1
                metrics.recordSMTPDelivery(result: "abandoned")
                logger.warning("reply abandoned after too many attempts", metadata: ["outbox.id": "\(mail.id)", "error": "\(error)"])
            } else {
                let delay = configuration.retryBackoff.delay(attempt: attempts)
                let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
                try await outbox.markFailed(id: mail.id, error: error, nextAttemptAt: Date().addingTimeInterval(seconds))
                pass.failed += 1
                metrics.recordSMTPDelivery(result: "deferred")
                logger.notice(
                    "reply deferred",
                    metadata: ["outbox.id": "\(mail.id)", "error": "\(error)", "attempt": "\(attempts)", "retry_in": "\(delay)"]
                )
            }
        } catch {
            logger.error("cannot update the outbox", metadata: ["outbox.id": "\(mail.id)", "error": "\(error)"])
        }
    }
}
