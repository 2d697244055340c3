import AccountEngine
import ChainTransactions
import ChainmailMetrics
import DKIMVerifier
import ErrorCodes
import Foundation
import Logging

/// Authorises transactions by email (PROTOCOL.md section 5): raw bytes in, an executed or
/// refused transaction out, recorded, with the reply to the sender queued.
///
/// Every way mail arrives (IMAP, POST /v1/email, `chainmail replay`) goes through `process`.
public final class MailPipeline: Sendable {
    let engine: AccountEngine
    let verifier: DKIMVerifier
    /// The resolver DKIM keys are looked up with, reporting DNS readiness as it goes.
    let keyLookups: any KeyResolver
    let ledger: any MailLedger
    let policy: EmailPolicy
    let replies: ReplyComposer
    /// Whether a mail's To or Cc must name the service address (section 5); `replay` checks it
    /// only when given one.
    let requiresServiceRecipient: Bool
    /// The ledger keeps its tables in the account store's database, so an executed mail's record
    /// is written by the execution's own commit.
    let recordsWithExecution: Bool
    let now: @Sendable () -> Date
    let logger: Logger
    /// Where every mail's outcome and execution time are counted, whichever way it came in; the
    /// HTTP API serves the same registry at GET /metrics.
    public let metrics: ChainmailMetrics
    /// Called once a reply is queued, so the replier sends it now rather than at its next poll.
    let replyQueued: @Sendable () -> Void

    public init(
        engine: AccountEngine,
        keyResolver: any KeyResolver,
        ledger: any MailLedger,
        policy: EmailPolicy = EmailPolicy(),
        serviceAddress: String,
        requiresServiceRecipient: Bool = true,
        logger: Logger = Logger(label: "chainmail.mail"),
        metrics: ChainmailMetrics = ChainmailMetrics(),
        now: @escaping @Sendable () -> Date = { Date() },
        replyQueued: @escaping @Sendable () -> Void = {}
    ) {
        self.engine = engine
        self.keyLookups = DNSReadinessResolver(resolver: keyResolver, metrics: metrics)
        self.verifier = DKIMVerifier(resolver: keyLookups, policy: policy.dkimPolicy)
        self.ledger = ledger
        self.recordsWithExecution = ledger.recordsCommits(of: engine.store)
        self.policy = policy
        self.replies = ReplyComposer(serviceAddress: serviceAddress, serviceId: engine.serviceId, chains: engine.chains)
        self.requiresServiceRecipient = requiresServiceRecipient
        self.logger = logger
        self.metrics = metrics
        self.now = now
        self.replyQueued = replyQueued
        if recordsWithExecution {
            engine.observeSigningSettlements(MailSigningObserver(replies: replies, now: now, replyQueued: replyQueued))
        }
    }

    /// What the broadcaster tells of each sent chain transaction's end, for the second reply to
    /// the mail that approved it; nil when the ledger does not share the store's database.
    public var broadcastObserver: (any BroadcastObserver)? {
        guard recordsWithExecution else { return nil }
        return MailBroadcastObserver(ledger: ledger, replies: replies, now: now, replyQueued: replyQueued)
    }

    /// Processes one mail. Throws only for a cause that is not the mail's fault: a DKIM key look-up
    /// that failed temporarily with no other signature of the From domain passing, the store or
    /// the signer down. The error is then an `EngineError` of category `unavailable` with the cause's
    /// code (`dkim_key_lookup_failed`, `store_unavailable`, …), nothing was recorded, and the mail
    /// should be offered again later.
    public func process(_ raw: [UInt8], source: MailSource) async throws -> MailOutcome {
        do {
            return try await processOrDefer(raw, source: source)
        } catch {
            throw error.error
        }
    }

    /// `process`, throwing the deferral with how far the mail got (for the delay notice).
    /// `arrivedAt`, for a mail left for later before, is when it was first tried: its age is
    /// measured at that moment, so an outage does not make it too old.
    func processOrDefer(_ raw: [UInt8], source: MailSource, arrivedAt: Date? = nil) async throws(MailDeferral) -> MailOutcome {
        var progress = MailAttempt()
        do {
            if let key = source.redeliveryKey, let earlier = try await ledger.outcome(redeliveryKey: key) {
                logger.debug("mail already handled", metadata: ["source": "\(source)"])
                return earlier
            }
            let attempt = try await authorise(raw, source: source, arrivedAt: arrivedAt, progress: &progress)
            progress = attempt
            let (outcome, recorded) = try await settle(attempt, source: source)
            if !recorded {
                try await ledger.record(outcome, redeliveryKey: source.redeliveryKey, reply: reply(to: attempt, outcome: outcome))
            }
            if Self.answers(attempt, outcome) { replyQueued() }
            metrics.recordMailOutcome(outcome, source: source)
            logger.info(
                "mail \(outcome.status.rawValue)",
                metadata: Self.logMetadata(attempt, source: source, txHash: outcome.txHash, reason: outcome.rejection?.code.name)
            )
            return outcome
        } catch {
            let deferral = MailDeferral(error, attempt: progress)
            logger.warning(
                "mail deferred: \(deferral.error.message)",
                metadata: Self.logMetadata(progress, source: source, txHash: progress.txHash, reason: deferral.error.code)
            )
            throw deferral
        }
    }

    /// What every log line about a mail's outcome carries: `txHash`, `from` (the From address when
    /// it could be read), `messageID`, `reason` (the code) and `source`.
    static func logMetadata(_ attempt: MailAttempt, source: MailSource, txHash: String?, reason: String?) -> Logger.Metadata {
        [
            "source": "\(source)", "txHash": "\(txHash ?? "-")", "from": "\(attempt.from?.address ?? "-")",
            "messageID": "\(attempt.messageID ?? "-")", "reason": "\(reason ?? "-")",
        ]
    }

    /// Only a proven sender is answered, and never about a replay.
    static func answers(_ attempt: MailAttempt, _ outcome: MailOutcome) -> Bool {
        attempt.provenSender != nil && outcome.rejection?.code != .emailReplayed
    }

    /// The reply a mail gets, when it gets one (`answers`).
    func reply(to attempt: MailAttempt, outcome: MailOutcome) -> OutgoingMail? {
        guard Self.answers(attempt, outcome), outcome.status != .signing, let sender = attempt.provenSender else { return nil }
        return replies.reply(
            to: sender,
            subject: attempt.subject,
            messageID: attempt.messageID,
            references: attempt.references,
            transaction: attempt.transaction,
            subjectTxHash: attempt.subject.flatMap { try? MailHeaders.authorisedTxHash(subject: $0, blockTxHash: nil).get() },
            outcome: outcome,
            date: now()
        )
    }
}
