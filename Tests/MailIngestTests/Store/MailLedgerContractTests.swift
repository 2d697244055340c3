import AccountEngine
import ChainmailTestSupport
import ErrorCodes
import Foundation
import MailIngest
import PostgresStore
import Testing

/// The mail ledger on each store it lives beside: `SQLiteMailLedger` in the SQLite store's file and
/// `PostgresMailLedger` in the PostgreSQL store's database (a fresh database of the test process's
/// cluster), each test once per store, so that both keep mail the same way.
@Suite("Mail ledger contract: SQLite and PostgreSQL keep mail the same way")
struct MailLedgerContractTests {
    enum Kind: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case sqlite
        case postgres

        var testDescription: String { rawValue }
    }

    typealias Ledger = MailLedger & OutboxStore & MailboxCheckpointStore

    struct Fixture {
        let store: any AccountStore
        let ledger: any Ledger
        let folder: URL

        static func make(_ kind: Kind) async throws -> Fixture {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-ledger-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            switch kind {
            case .sqlite:
                let store = try SQLiteAccountStore(path: folder.appendingPathComponent("accounts.sqlite").path)
                return Fixture(store: store, ledger: try SQLiteMailLedger(sharing: store), folder: folder)
            case .postgres:
                // A generous time-out: the first test process runs hundreds of tests beside this one.
                let database = try await PostgresPeer.shared().makeDatabase()
                let store = try await PostgresAccountStore(configuration: try database.storeConfiguration(poolSize: 4, timeout: .seconds(60)))
                return Fixture(store: store, ledger: PostgresMailLedger(sharing: store), folder: folder)
            }
        }

        func removeFiles() { try? FileManager.default.removeItem(at: folder) }

        /// Creates alice's account, and answers the commit of a transaction `txHash` at its nonce 0.
        func aliceAtNonceZero(_ txHash: String) async throws -> AccountCommit {
            _ = try await store.createAccount(id: "alice", identity: try Self.carol)
            return try Self.aliceCommit(txHash)
        }

        static var carol: AuthIdentity { get throws { try AuthIdentity(.account("carol.testnet")) } }

        /// The commit of a transaction `txHash` of alice's at nonce 0.
        static func aliceCommit(_ txHash: String) throws -> AccountCommit {
            AccountCommit(
                accountId: "alice",
                expectedNonce: 0,
                change: .keepIdentities([try carol]),
                txHash: txHash,
                resultJSON: "{}",
                executedAt: Date()
            )
        }
    }

    static func mail(_ id: String) -> OutgoingMail {
        OutgoingMail(id: id, from: "wallet@chainmail.test", to: ["alice@example.com"], data: Array("Subject: \(id)\r\n\r\nbody\r\n".utf8))
    }

    static let refusal = MailRejection(code: .senderNotOnAccount, message: "not on the account", senderProven: true)

    @Test("a recorded outcome is found by its redelivery key, its refusal by txHash, its reply in the outbox until sent", arguments: Kind.allCases)
    func recordsOutcomeRefusalAndReply(_ kind: Kind) async throws {
        let fixture = try await Fixture.make(kind)
        defer { fixture.removeFiles() }
        let ledger = fixture.ledger
        let refused = MailOutcome.rejected(Self.refusal, txHash: "tx-1", recordsRefusal: true)
        #expect(fixture.ledger.recordsCommits(of: fixture.store))
        try await ledger.record(refused, redeliveryKey: "inbox/7/1", reply: Self.mail("reply-1"))
        // Recorded twice (a redelivery answered again): one outcome, one queued reply.
        try await ledger.record(refused, redeliveryKey: "inbox/7/1", reply: Self.mail("reply-1"))
        #expect(try await ledger.outcome(redeliveryKey: "inbox/7/1") == refused)
        #expect(try await ledger.outcome(redeliveryKey: "inbox/7/2") == nil)
        #expect(try await ledger.latestRejection(txHash: "tx-1")?.code == "sender_not_on_account")
        #expect(try await ledger.pending(limit: 10).map(\.id) == ["reply-1"])

        try await ledger.markFailed(id: "reply-1", error: PeerProcess.Failure(description: "421"), nextAttemptAt: Date().addingTimeInterval(3600))
        #expect(try await ledger.pending(limit: 10).isEmpty, "not due before its next attempt")
        try await ledger.record(.executed(txHash: "tx-2", resultJSON: .null), redeliveryKey: nil, reply: Self.mail("reply-2"))
        let due = try await ledger.pending(limit: 10)
        #expect(due.map(\.id) == ["reply-2"] && due.first == Self.mail("reply-2"))
        try await ledger.markSent(id: "reply-2")
        try await ledger.markAbandoned(id: "reply-1", reason: "gave up")
        #expect(try await ledger.pending(limit: 10).isEmpty)
    }

    @Test("an execution's mail record is written with its commit, and none of it when the nonce conflicts", arguments: Kind.allCases)
    func recordJoinsTheCommit(_ kind: Kind) async throws {
        let fixture = try await Fixture.make(kind)
        defer { fixture.removeFiles() }
        _ = try await fixture.aliceAtNonceZero("tx-a")
        func commit(_ txHash: String, key: String) throws -> AccountCommit {
            var commit = try Fixture.aliceCommit(txHash)
            commit.mailRecord = MailLedgerRecord(
                .executed(txHash: txHash, resultJSON: .null),
                redeliveryKey: key,
                reply: Self.mail("reply-\(txHash)"),
                recordedAt: Date()
            )
            return commit
        }
        #expect(try await fixture.store.commit(try commit("tx-a", key: "inbox/7/1")) == .committed)
        #expect(try await fixture.store.commit(try commit("tx-b", key: "inbox/7/2")) == .nonceConflict(currentNonce: 1))
        #expect(try await fixture.ledger.outcome(redeliveryKey: "inbox/7/1")?.txHash == "tx-a")
        #expect(try await fixture.ledger.outcome(redeliveryKey: "inbox/7/2") == nil)
        #expect(try await fixture.ledger.pending(limit: 10).map(\.id) == ["reply-tx-a"])
    }

    @Test("a mailbox checkpoint only moves forward; a message's attempts count up until it ends", arguments: Kind.allCases)
    func checkpointsAndAttempts(_ kind: Kind) async throws {
        let fixture = try await Fixture.make(kind)
        defer { fixture.removeFiles() }
        let ledger = fixture.ledger
        #expect(try await ledger.load(mailbox: "INBOX", uidValidity: 7) == nil)
        try await ledger.save(mailbox: "INBOX", uidValidity: 7, lastHandledUID: 40)
        try await ledger.save(mailbox: "INBOX", uidValidity: 7, lastHandledUID: 12)
        try await ledger.save(mailbox: "INBOX", uidValidity: 8, lastHandledUID: 3)
        #expect(try await ledger.load(mailbox: "INBOX", uidValidity: 7) == 40)
        #expect(try await ledger.load(mailbox: "INBOX", uidValidity: 8) == 3)
        #expect(try await ledger.beginAttempt(mailbox: "INBOX", uidValidity: 7, uid: 41) == 1)
        #expect(try await ledger.beginAttempt(mailbox: "INBOX", uidValidity: 7, uid: 41) == 2)
        try await ledger.endAttempt(mailbox: "INBOX", uidValidity: 7, uid: 41)
        #expect(try await ledger.beginAttempt(mailbox: "INBOX", uidValidity: 7, uid: 41) == 1)
    }

    @Test("a deferral counts its tries from the first, its delay notice is queued once, and the outcome forgets it", arguments: Kind.allCases)
    func deferrals(_ kind: Kind) async throws {
        let fixture = try await Fixture.make(kind)
        defer { fixture.removeFiles() }
        let ledger = fixture.ledger
        let policy = EmailPolicy()
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let first = try await ledger.recordDeferral(redeliveryKey: "inbox/7/1", reason: "dkim_key_lookup_failed", now: start, policy: policy)
        let second = try await ledger.recordDeferral(
            redeliveryKey: "inbox/7/1",
            reason: "store_unavailable",
            now: start.addingTimeInterval(60),
            policy: policy
        )
        #expect(first.attempts == 1 && second.attempts == 2)
        #expect(second.firstDeferredAt == start && second.reason == "store_unavailable" && !second.noticeSent)
        #expect(second.nextAttemptAt == start.addingTimeInterval(60 + TimeInterval(policy.retryDelay(afterAttempts: 2))))
        #expect(try await ledger.deferral(redeliveryKey: "inbox/7/1") == second)

        #expect(try await ledger.recordDelayNotice(redeliveryKey: "inbox/7/1", notice: Self.mail("notice"), now: start))
        #expect(try await !ledger.recordDelayNotice(redeliveryKey: "inbox/7/1", notice: Self.mail("notice-again"), now: start))
        #expect(try await !ledger.recordDelayNotice(redeliveryKey: "inbox/7/9", notice: Self.mail("notice-none"), now: start))
        #expect(try await ledger.pending(limit: 10).map(\.id) == ["notice"])
        #expect(try await ledger.deferral(redeliveryKey: "inbox/7/1")?.noticeSent == true)

        try await ledger.record(.executed(txHash: "tx", resultJSON: .null), redeliveryKey: "inbox/7/1", reply: nil)
        #expect(try await ledger.deferral(redeliveryKey: "inbox/7/1") == nil)
    }

    @Test("a broadcast's second reply, kept with the commit, is queued once however often the broadcast's end is told", arguments: Kind.allCases)
    func broadcastReplyOnce(_ kind: Kind) async throws {
        let fixture = try await Fixture.make(kind)
        defer { fixture.removeFiles() }
        var commit = try await fixture.aliceAtNonceZero("tx-sent")
        var record = MailLedgerRecord(recordedAt: Date())
        record.broadcastReplies = [.init(actionIndex: 1, reply: .init(txHash: "tx-sent", json: #"{"kept":true}"#))]
        commit.mailRecord = record
        #expect(try await fixture.store.commit(commit) == .committed)

        let told = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await fixture.ledger.queueBroadcastReply(txHash: "tx-sent", actionIndex: 1) { json in
                        #expect(json == #"{"kept":true}"#)
                        return Self.mail("second-reply")
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(told.filter { $0 }.count == 1)
        #expect(try await !fixture.ledger.queueBroadcastReply(txHash: "tx-sent", actionIndex: 0) { _ in Self.mail("none") })
        #expect(try await fixture.ledger.pending(limit: 10).map(\.id) == ["second-reply"])
    }

    @Test(
        "the end of a signing transaction answers the mail awaiting it once, in the store transaction that records the end",
        arguments: Kind.allCases
    )
    func signingEndAnswersAwaitingMail(_ kind: Kind) async throws {
        let fixture = try await Fixture.make(kind)
        defer { fixture.removeFiles() }
        var commit = try await fixture.aliceAtNonceZero("tx-signing")
        commit.signing = (work: try SigningWork(storedJSON: #"[{"done":{"ok":true}}]"#), leaseUntil: Date())
        var record = MailLedgerRecord(recordedAt: Date())
        record.awaitingReply = .init(txHash: "tx-signing", json: "kept")
        commit.mailRecord = record
        #expect(try await fixture.store.commit(commit) == .committed)
        #expect(try await fixture.ledger.pending(limit: 10).isEmpty, "no reply before the end")

        var settlement = SigningSettlement(txHash: "tx-signing", change: .executed(result: .object([:])), recordedAt: Date())
        settlement.awaitingReplies = [
            AwaitingRepliesAnswer(txHash: "tx-signing") { json in
                MailLedgerRecord(
                    .executed(txHash: "tx-signing", resultJSON: .null),
                    redeliveryKey: "inbox/7/1",
                    reply: Self.mail("answer-\(json)"),
                    recordedAt: Date()
                )
            }
        ]
        #expect(try await fixture.store.settleSigning(settlement))
        #expect(try await !fixture.store.settleSigning(settlement), "ended already: nothing is written again")
        #expect(try await fixture.ledger.pending(limit: 10).map(\.id) == ["answer-kept"])
        #expect(try await fixture.ledger.outcome(redeliveryKey: "inbox/7/1")?.status == .executed)
    }
}
