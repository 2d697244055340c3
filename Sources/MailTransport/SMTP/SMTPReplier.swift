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
    }

    /// Ends the current pause so the outbox is looked at now (after the pipeline queued a reply).
    public func wake() {
        wakeSignal.signal()
    }

    /// Drains the outbox every `pollInterval` (or on `wake()`) until the task is cancelled.
    public func run() async {
        await withTaskCancellationHandler {
            while !Task.isCancelled {
                wakeSignal.drain()
                let pass = await drainOnce()
                if Task.isCancelled { break }
                // A full batch that all went through: more may be waiting.
                if pass.sent == configuration.batchSize { continue }
                let wakeSignal = wakeSignal
                let interval = configuration.pollInterval
                _ = await lane.run { wakeSignal.wait(timeout: interval) }
            }
        } onCancel: {
            wakeSignal.signal()
        }
    }

    /// One pass: tries every due message once (up to `batchSize`), stopping early when the
    /// server itself is unusable (connect, TLS or AUTH failure) since the rest would fail alike.
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
            do {
                try await sender.send(from: mail.from, to: mail.to, data: mail.data)
                try await outbox.markSent(id: mail.id)
                pass.sent += 1
                metrics.recordSMTPDelivery(result: "sent")
                logger.info("reply sent", metadata: ["outbox.id": "\(mail.id)"])
            } catch let error as SMTPError {
                await recordFailure(of: mail, error: error, pass: &pass)
                if error.affectsServer { break }
            } catch {
                logger.error("cannot update the outbox", metadata: ["outbox.id": "\(mail.id)", "error": "\(error)"])
            }
        }
        return pass
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
