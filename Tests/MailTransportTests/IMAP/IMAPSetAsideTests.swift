import AccountEngine
import ChainmailTestSupport
import Foundation
import MailIngest
import MailTransport
import PostgresStore
import Testing

/// A mail whose handling kills the process must not kill it again at every restart: each
/// handing-over is counted durably first, and after `maxAttempts` that never returned the mail is
/// set aside (PROTOCOL.md section 5's hostile mail, issue 11).
@Suite("IMAP: a mail that never finished handling is set aside", .timeLimit(.minutes(3)))
struct IMAPSetAsideTests {
    @Test("a mail begun maxAttempts times without returning is flagged $ChainmailSetAside and never handed over; the next mail is")
    func poisonousMailIsSetAside() async throws {
        try await withDovecot { peer in
            let handler = RecordingHandler()
            let checkpoints = InMemoryMailboxCheckpointStore()
            var configuration = peer.pollerConfiguration
            configuration.maxAttempts = 2
            try await peer.append([testMessage(subject: "poison"), testMessage(subject: "fine")])
            let uidValidity = try await peer.state().uidvalidity
            // What two runs that died while handling UID 1 leave behind.
            for _ in 1...2 { _ = await checkpoints.beginAttempt(mailbox: "INBOX", uidValidity: uidValidity, uid: 1) }

            let poller = try IMAPPoller(configuration: configuration, handler: handler, checkpoints: checkpoints)
            let task = Task { await poller.run() }
            let handled = await eventually { await handler.count >= 1 }
            task.cancel()
            await task.value
            #expect(handled)

            let received = await handler.received
            #expect(received.map(\.uid) == [2])
            let state = try await peer.state()
            let poisonFlags = try #require(state.flags(uid: 1))
            #expect(poisonFlags.contains(IMAPAfterProcessing.setAsideKeyword))
            #expect(poisonFlags.contains(IMAPAfterProcessing.defaultKeyword))
            #expect(try #require(state.flags(uid: 2)).contains(IMAPAfterProcessing.setAsideKeyword) == false)
        }
    }

    @Test(
        "attempts are kept in the store: they survive a restart, and a returned handling forgets them",
        arguments: PipelineFixture.Store.allCases
    )
    func attemptsSurviveRestart(_ kind: PipelineFixture.Store) async throws {
        let store = try await RestartableLedger(kind)
        defer { store.removeFiles() }
        try await store.withLedger { ledger async throws in
            #expect(try await ledger.beginAttempt(mailbox: "INBOX", uidValidity: 7, uid: 42) == 1)
            #expect(try await ledger.beginAttempt(mailbox: "INBOX", uidValidity: 7, uid: 42) == 2)
        }
        try await store.withLedger { reopened async throws in
            #expect(try await reopened.beginAttempt(mailbox: "INBOX", uidValidity: 7, uid: 42) == 3)
            #expect(try await reopened.beginAttempt(mailbox: "INBOX", uidValidity: 8, uid: 42) == 1)
            try await reopened.endAttempt(mailbox: "INBOX", uidValidity: 7, uid: 42)
            #expect(try await reopened.beginAttempt(mailbox: "INBOX", uidValidity: 7, uid: 42) == 1)
        }
    }
}

/// One store, opened afresh by each ``withLedger(_:)`` as a restarted process opens it: a SQLite file
/// or a PostgreSQL database of the shared test cluster.
private struct RestartableLedger {
    private enum Location {
        case file(String)
        case database(PostgresPeer.Database)
    }

    private let directory: URL
    private let location: Location

    init(_ kind: PipelineFixture.Store) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-attempts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        switch kind {
        case .sqlite: location = .file(directory.appendingPathComponent("accounts.sqlite").path)
        case .postgres: location = .database(try await PostgresPeer.shared().makeDatabase())
        }
    }

    func withLedger(_ body: (any MailboxCheckpointStore) async throws -> Void) async throws {
        switch location {
        case .file(let path):
            try await body(try SQLiteMailLedger(sharing: try SQLiteAccountStore(path: path)))
        case .database(let database):
            let store = try await PostgresAccountStore(configuration: try database.storeConfiguration(poolSize: 2))
            do {
                try await body(PostgresMailLedger(sharing: store))
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        }
    }

    func removeFiles() {
        try? FileManager.default.removeItem(at: directory)
    }
}
