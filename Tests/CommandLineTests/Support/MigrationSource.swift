import AccountEngine
import ChainSigner
import ChainmailTestSupport
import ErrorCodes
import Foundation
import MailIngest

/// A data directory made by `chainmail init` whose SQLite store was filled through the public
/// APIs, as `serve` would have: accounts (one with two identities), executions, an account deleted
/// after two (its nonce kept), and the mail ledger's outcome, refusal, outbox, deferral with its
/// notice sent, and checkpoint.
struct MigrationSource {
    let directory: String
    let wallet: PeerWallet
    let second: PeerWallet
    let executed: [ExecuteResult]

    static let predecessor = "chainmail.testnet"
    /// The outbox's two mails, their bytes as the ledger keeps them.
    static let reply = OutgoingMail(
        id: "reply-7",
        from: "wallet@example.com",
        to: ["alice@example.com", "audit@example.com"],
        data: Array("Subject: refused\r\n\r\nnonce 0 is used\r\n".utf8) + [0, 0xff, 0x80]
    )
    static let notice = OutgoingMail(id: "notice-8", from: "", to: ["alice@example.com"], data: Array("Subject: delayed\r\n\r\n".utf8))

    static func make(in directory: String) async throws -> MigrationSource {
        try await ChainmailExecutable.check(["init", "--data-dir", directory])
        let store = try SQLiteAccountStore(path: directory + "/accounts.sqlite")
        let ledger = try SQLiteMailLedger(sharing: store)
        let engine = AccountEngine(store: store, signer: try LocalSigner(existingIn: directory, predecessor: predecessor))
        let wallet = try await PeerWallet.make()
        let second = try await PeerWallet.make()
        _ = try await engine.createAccount(id: "alice", identities: [try wallet.identity, try second.identity])
        _ = try await engine.createAccount(id: "bob", identity: try wallet.identity)
        _ = try await engine.createAccount(id: "gone", identity: try wallet.identity)
        let signed = try await wallet.executeArgs([
            TransactionText.make("alice", nonce: 0, [TransactionText.callChainSig()]),
            TransactionText.make("alice", nonce: 1, [TransactionText.callChainSig(path: "ethereum,2")]),
            TransactionText.make("bob", nonce: 0, [TransactionText.callChainSig()]),
            TransactionText.make("gone", nonce: 0, [TransactionText.callChainSig()]),
            TransactionText.make("gone", nonce: 1, [TransactionText.deleteAccount]),
        ])
        var executed: [ExecuteResult] = []
        for args in signed { executed.append(try await engine.execute(args)) }

        let refusal = MailRejection(code: .nonceMismatch, message: "nonce 0 is used", senderProven: true)
        try await ledger.record(.rejected(refusal, txHash: executed[0].txHash, recordsRefusal: true), redeliveryKey: "INBOX:1:7", reply: reply)
        _ = try await ledger.recordDeferral(redeliveryKey: "INBOX:1:8", reason: "dkim_key_lookup_failed", now: Date(), policy: EmailPolicy())
        _ = try await ledger.recordDelayNotice(redeliveryKey: "INBOX:1:8", notice: notice, now: Date())
        try await ledger.save(mailbox: "INBOX", uidValidity: 1, lastHandledUID: 8)
        return MigrationSource(directory: directory, wallet: wallet, second: second, executed: executed)
    }
}
