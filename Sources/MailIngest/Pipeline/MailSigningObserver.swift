import AccountEngine
import Foundation

/// Answers the mails whose transaction was `signing` once it ends: their replies are written
/// with the end (`SettledMailReply`), then the replier is woken.
struct MailSigningObserver: SigningSettlementObserver {
    let replies: ReplyComposer
    let now: @Sendable () -> Date
    let replyQueued: @Sendable () -> Void

    func attachment(for outcome: SigningOutcome) -> (any SQLiteCommitAttachment)? {
        SettledMailReply(outcome: outcome, replies: replies, recordedAt: now())
    }

    func settled(_ outcome: SigningOutcome) async {
        replyQueued()
    }
}
