import Foundation
import Logging

extension MailPipeline: IMAPMessageHandler {
    /// A mail from the mailbox: done once its outcome is recorded. A mail that cannot be handled now
    /// for a cause that is not its fault (`MailDeferral`: nothing was recorded then, so nothing
    /// happens twice) stays in the mailbox: its deferral is recorded and it is tried again after a
    /// growing delay (`EmailPolicy.retryDelay`); until then every offer of it answers `.retryLater`
    /// without handling it. Once it has waited `delayNoticeSeconds`, its sender gets one reply saying
    /// it is delayed.
    public func handle(_ message: FetchedMail) async -> MailHandling {
        let source = MailSource.imap(mailbox: message.mailbox, uidValidity: message.uidValidity, uid: message.uid)
        guard let key = source.redeliveryKey else { return .retryLater }
        let waiting = try? await ledger.deferral(redeliveryKey: key)
        if let waiting, waiting.nextAttemptAt > now() { return .retryLater }
        do {
            _ = try await processOrDefer(message.raw, source: source, arrivedAt: waiting?.firstDeferredAt)
            return .done
        } catch {
            await postpone(error, redeliveryKey: key, source: source)
            return .retryLater
        }
    }

    /// Records that the message was left for later and, once it has waited long enough, queues the
    /// one delay notice it may get. A failure here (the store down) leaves the message to the
    /// poller's next round.
    private func postpone(_ deferral: MailDeferral, redeliveryKey: String, source: MailSource) async {
        let at = now()
        do {
            let deferred = try await ledger.recordDeferral(redeliveryKey: redeliveryKey, reason: deferral.error.code, now: at, policy: policy)
            logger.info(
                "mail left for later",
                metadata: Self.logMetadata(deferral.attempt, source: source, txHash: deferral.attempt.txHash, reason: deferral.error.code)
                    .merging(
                        ["attempts": "\(deferred.attempts)", "retryAt": "\(deferred.nextAttemptAt.timeIntervalSince1970)"],
                        uniquingKeysWith: { $1 }
                    )
            )
            guard !deferred.noticeSent, at.timeIntervalSince(deferred.firstDeferredAt) >= TimeInterval(policy.delayNoticeSeconds),
                let notice = delayNotice(for: deferral, date: at)
            else { return }
            if try await ledger.recordDelayNotice(redeliveryKey: redeliveryKey, notice: notice, now: at) {
                replyQueued()
                logger.notice(
                    "delay notice queued",
                    metadata: Self.logMetadata(deferral.attempt, source: source, txHash: deferral.attempt.txHash, reason: deferral.error.code)
                )
            }
        } catch {
            logger.warning(
                "the deferral of a mail could not be recorded; the poller offers it again",
                metadata: ["source": "\(source)", "error": "\(error)"]
            )
        }
    }

    /// The reply saying the mail is delayed, to whom it may go (`MailAttempt.delayNoticeAddressee`).
    func delayNotice(for deferral: MailDeferral, date: Date) -> OutgoingMail? {
        guard let addressee = deferral.attempt.delayNoticeAddressee else { return nil }
        return replies.delayNotice(
            to: addressee,
            subject: deferral.attempt.subject,
            messageID: deferral.attempt.messageID,
            references: deferral.attempt.references,
            reason: deferral.error.errorCode,
            date: date
        )
    }
}
