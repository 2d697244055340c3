import AccountEngine
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
        self.verifier = DKIMVerifier(resolver: keyResolver, policy: policy.dkimPolicy)
        self.ledger = ledger
        self.recordsWithExecution = (ledger as? SQLiteMailLedger)?.sharesDatabase(with: engine.store) ?? false
        self.policy = policy
        self.replies = ReplyComposer(serviceAddress: serviceAddress, serviceId: engine.serviceId)
        self.requiresServiceRecipient = requiresServiceRecipient
        self.logger = logger
        self.metrics = metrics
        self.now = now
        self.replyQueued = replyQueued
    }

    /// Processes one mail. Throws only when a dependency (the store, the signer) is down, in
    /// which case nothing was recorded and the mail should be offered again later.
    public func process(_ raw: [UInt8], source: MailSource) async throws -> MailOutcome {
        if let key = source.redeliveryKey, let earlier = try await ledger.outcome(redeliveryKey: key) {
            logger.debug("mail already handled", metadata: ["source": "\(source)"])
            return earlier
        }
        let attempt = try await authorise(raw, source: source)
        let (outcome, recorded) = try await settle(attempt, source: source)
        if !recorded {
            try await ledger.record(outcome, redeliveryKey: source.redeliveryKey, reply: reply(to: attempt, outcome: outcome))
        }
        if Self.answers(attempt, outcome) { replyQueued() }
        metrics.recordMailOutcome(outcome, source: source)
        logger.info(
            "mail \(outcome.status.rawValue)",
            metadata: [
                "source": "\(source)", "txHash": "\(outcome.txHash ?? "-")", "reason": "\(outcome.rejection?.code.name ?? "-")",
            ]
        )
        return outcome
    }

    /// Only a proven sender is answered, and never about a replay.
    static func answers(_ attempt: MailAttempt, _ outcome: MailOutcome) -> Bool {
        attempt.provenSender != nil && outcome.rejection?.code != .emailReplayed
    }

    /// The reply a mail gets, when it gets one (`answers`).
    func reply(to attempt: MailAttempt, outcome: MailOutcome) -> OutgoingMail? {
        guard Self.answers(attempt, outcome), let sender = attempt.provenSender else { return nil }
        return replies.reply(
            to: sender,
            subject: attempt.subject,
            messageID: attempt.messageID,
            references: attempt.references,
            outcome: outcome,
            date: now()
        )
    }
}
