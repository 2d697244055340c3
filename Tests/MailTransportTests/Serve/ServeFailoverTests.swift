import AccountEngine
import ChainmailTestSupport
import Foundation
import MailIngest
import MailTransport
import PostgresStore
import Testing

/// Three `chainmail serve` processes on one PostgreSQL database and one Dovecot mailbox: the IMAP
/// poller and the SMTP replier run on whichever instance holds their lease (store.workerLeaseSeconds),
/// and another takes over when that one dies.
@Suite("chainmail serve: three instances on one PostgreSQL store and one mailbox", .serialized)
struct ServeFailoverTests {
    static let mails = 300
    static let instances = 3
    static let leaseSeconds = 3

    @Test("with three instances, the active poller SIGKILLed mid-batch, each of 300 mails is executed once and answered once")
    func failoverExactlyOnce() async throws {
        let binary = PackagePaths.root.appendingPathComponent(".build/debug/chainmail").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build chainmail first (make test does)")
        let postgres = try await PostgresPeer.shared()
        let database = try await postgres.makeDatabase()
        let sink = try await SMTPSinkPeer.start()
        defer {
            sink.stop()
            sink.cleanUp()
        }
        try await withDovecot { dovecot in
            let work = try PeerProcess.temporaryDirectory("chainmail-failover")
            defer { try? FileManager.default.removeItem(at: work) }
            let mailFolder = work.appendingPathComponent("mails")
            _ = try await PeerProcess.check([
                "python3", PeerProcess.script("sign_approvals.py"), "--out", mailFolder.path, "--count", "\(Self.mails)",
                "--account", "alice", "--sender", "alice@example.com",
            ])
            // One root key for every instance, and alice's account made in the shared store.
            let keys = work.appendingPathComponent("keys").path
            _ = try await PeerProcess.check([binary, "init", "--data-dir", keys])
            let store = try await PostgresAccountStore(configuration: try database.storeConfiguration(poolSize: 2, timeout: .seconds(10)))
            _ = try await store.createAccount(
                id: "alice",
                identity: try AuthIdentity(.oidc(issuer: "https://accounts.google.com", clientId: "chainmail-live", email: "alice@example.com"))
            )
            await store.close()

            func query(_ sql: String) async throws -> String {
                try await postgres.psql(sql, database: database.name).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            func nonce() async throws -> Int { Int(try await query("SELECT next_nonce FROM account_nonces WHERE account_id = 'alice'")) ?? 0 }
            func answered() -> Set<String> { Set(sink.received().compactMap { ServeProcessTests.header("In-Reply-To", in: $0.data) }) }

            var processes: [Int32: ServeProcess] = [:]
            for index in 0..<Self.instances {
                let config = try Self.writeConfig(
                    work,
                    index,
                    database: database,
                    rootKeyFile: keys + "/signer/root.key",
                    dovecot: dovecot,
                    sink: sink
                )
                let process = try ServeProcess(binary: binary, config: config, log: work.appendingPathComponent("instance-\(index).log"))
                processes[process.pid] = process
            }
            defer { for process in processes.values { process.stopNow() } }
            let names = try FileManager.default.contentsOfDirectory(atPath: mailFolder.path).filter { $0.hasSuffix(".eml") }.sorted()
            try await dovecot.append(try names.map { [UInt8](try Data(contentsOf: mailFolder.appendingPathComponent($0))) })

            // The instance holding the poller's lease, killed without warning once some mails executed.
            let executedAtKill = try await waitFor(seconds: 180) { try await nonce() >= 40 ? try await nonce() : nil }
            let holder = try await query("SELECT holder FROM worker_leases WHERE name = 'imap'")
            let pid = try #require(holder.split(separator: "/").dropFirst().first.flatMap { Int32($0) }, "lease holder \(holder)")
            let poller = try #require(processes[pid], "the lease holder \(holder) is one of the three instances")
            await poller.kill()
            let killed = ContinuousClock.now
            let afterKill = try await nonce()
            #expect(afterKill < Self.mails, "the kill came after the whole batch; nothing was tested")

            // Another instance takes the lease over and goes on with the mailbox.
            _ = try await waitFor(seconds: 60) { try await nonce() > afterKill ? true : nil }
            let takeover = ContinuousClock.now - killed
            let newHolder = try await query("SELECT holder FROM worker_leases WHERE name = 'imap'")
            print(
                "failover: \(executedAtKill)…\(afterKill) of \(Self.mails) mails executed when the poller \(holder) was killed; \(newHolder) executed the next after \(takeover) (lease \(Self.leaseSeconds) s)"
            )
            #expect(newHolder != holder)
            #expect(takeover < .seconds(Self.leaseSeconds * 4), "taken over within the lease and a poll")

            _ = try await waitFor(seconds: 300) { try await nonce() == Self.mails && answered().count >= Self.mails ? true : nil }
            try await Task.sleep(for: .seconds(3))  // anything extra would show up now

            #expect(try await nonce() == Self.mails, "every mail executed exactly once: one nonce each")
            #expect(try await query("SELECT count(*) FROM transactions WHERE status = 'executed'") == "\(Self.mails)")
            #expect(try await query("SELECT count(*) FROM mail_outcomes") == "\(Self.mails)")
            #expect(try await query("SELECT count(*) FROM mail_outbox WHERE state <> 'sent'") == "0")
            // One reply per mail, by Message-ID: SMTP is at least once, so a reply the sink took just
            // before the kill but not yet marked sent goes out again, with the same Message-ID.
            let replies = sink.received()
            #expect(answered().count == Self.mails, "every mail is answered")
            #expect(Set(replies.compactMap { ServeProcessTests.header("Message-ID", in: $0.data) }).count == Self.mails, "one reply per mail")
            #expect(replies.count <= Self.mails + 1, "at most the reply in flight at the kill is delivered twice")
            let state = try await dovecot.state()
            #expect(state.messages.count == Self.mails)
            #expect(state.messages.values.allSatisfy { $0.contains(IMAPAfterProcessing.defaultKeyword) && $0.contains("\\Seen") })
        }
    }

    static func writeConfig(
        _ work: URL,
        _ index: Int,
        database: PostgresPeer.Database,
        rootKeyFile: String,
        dovecot: DovecotPeer,
        sink: SMTPSinkPeer
    ) throws -> String {
        let config = work.appendingPathComponent("instance-\(index).yaml")
        try """
        dataDirectory: \(work.appendingPathComponent("data-\(index)").path)
        logLevel: info
        store:
          kind: postgres
          url: "\(database.url)"
          passwordFile: \(database.passwordFile)
          tls: disable
          poolSize: 4
          workerLeaseSeconds: \(leaseSeconds)
        signer:
          rootKeyFile: \(rootKeyFile)
        \(ServeMailSettings.yaml(dnsFile: work.appendingPathComponent("mails/dns.txt").path, dovecot: dovecot, sink: sink))
        """.write(to: config, atomically: true, encoding: .utf8)
        return config.path
    }
}
