import AccountEngine
import Foundation

extension MailLedgerRecord {
    /// What the ledger keeps of one handled mail: `outcome` under the redelivery key, a refusal
    /// under its txHash when the outcome records one, and `reply` queued.
    package init(_ outcome: MailOutcome, redeliveryKey: String?, reply: OutgoingMail?, recordedAt: Date) {
        self.init(recordedAt: recordedAt)
        self.outcome = redeliveryKey.map { Outcome(redeliveryKey: $0, json: outcome.storedJSON) }
        if outcome.recordsRefusal, let rejection = outcome.rejection, let txHash = outcome.txHash {
            refusal = Refusal(txHash: txHash, code: rejection.code.name, message: rejection.message)
        }
        self.reply = reply?.queued
    }

    /// The second reply `awaiting` gets when the chain transaction of each action in `actionIndices` is final.
    mutating func answerBroadcasts(_ actionIndices: [Int], with awaiting: AwaitingReply) {
        broadcastReplies = actionIndices.map { BroadcastReply(actionIndex: $0, reply: awaiting.later) }
    }
}

extension OutgoingMail {
    package var queued: MailLedgerRecord.QueuedMail { MailLedgerRecord.QueuedMail(id: id, from: from, to: to, data: data) }
}

extension AwaitingReply {
    var later: MailLedgerRecord.LaterReply { MailLedgerRecord.LaterReply(txHash: txHash, json: storedJSON) }
}
