import AccountEngine
import Foundation

/// What the reply to a mail needs once its `signing` transaction ends, kept in the ledger with
/// the commit: the reply may be written by another process after a restart.
struct AwaitingReply: Sendable, Hashable, Codable {
    let txHash: String
    let sender: Mailbox
    let subject: String?
    let messageID: String?
    let references: [String]
    /// The transaction as the mail sent it (JSON), told in words in the reply.
    let transactionJSON: String
    let redeliveryKey: String?

    init?(_ attempt: MailAttempt, transaction: SignedTransaction, redeliveryKey: String?) {
        guard let sender = attempt.provenSender else { return nil }
        self.txHash = transaction.txHashHex
        self.sender = sender
        self.subject = attempt.subject
        self.messageID = attempt.messageID
        self.references = attempt.references
        self.transactionJSON = transaction.sent.compactText
        self.redeliveryKey = redeliveryKey
    }

    var storedJSON: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }

    init(storedJSON: String) throws {
        self = try JSONDecoder().decode(AwaitingReply.self, from: Data(storedJSON.utf8))
    }
}
