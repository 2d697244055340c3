import AccountEngine
import ChainmailTestSupport
import Foundation
import MailIngest
import MailTransport
import Testing

/// `chainmail serve` as operators run it: a process of its own, against a real Dovecot (TLS with
/// a CA made for the test) and an SMTP sink, killed and restarted.
@Suite("chainmail serve as a process", .serialized)
struct ServeProcessTests {
    static let mails = 120

    @Test("killed with SIGKILL mid-batch and restarted, serve executes and answers every mail exactly once")
    func exactlyOnceAcrossSIGKILL() async throws {
        let binary = PackagePaths.root.appendingPathComponent(".build/debug/chainmail").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build chainmail first (make test does)")
        let sink = try await SMTPSinkPeer.start()
        defer {
            sink.stop()
            sink.cleanUp()
        }
        try await withDovecot { dovecot in
            let work = try PeerProcess.temporaryDirectory("chainmail-serve")
            defer { try? FileManager.default.removeItem(at: work) }
            let data = work.appendingPathComponent("data").path
            let mailFolder = work.appendingPathComponent("mails")
            _ = try await PeerProcess.check([
                "python3", PeerProcess.script("sign_approvals.py"), "--out", mailFolder.path, "--count", "\(Self.mails)",
                "--account", "alice", "--sender", "alice@example.com",
            ])
            let identity =
                #"{"type":"OIDC","value":{"issuer":"https://accounts.google.com","clientId":"chainmail-live","email":"alice@example.com"}}"#
            _ = try await PeerProcess.check([binary, "init", "--data-dir", data])
            _ = try await PeerProcess.check([binary, "account", "create", "--data-dir", data, "--id", "alice", "--identity", identity])
            let config = work.appendingPathComponent("config.yaml")
            try """
            dataDirectory: \(data)
            logLevel: info
            \(ServeMailSettings.yaml(dnsFile: mailFolder.appendingPathComponent("dns.txt").path, dovecot: dovecot, sink: sink))
            """.write(to: config, atomically: true, encoding: .utf8)

            let names = try FileManager.default.contentsOfDirectory(atPath: mailFolder.path).filter { $0.hasSuffix(".eml") }.sorted()
            try await dovecot.append(try names.map { [UInt8](try Data(contentsOf: mailFolder.appendingPathComponent($0))) })
            let store = try SQLiteAccountStore(path: (data as NSString).appendingPathComponent("accounts.sqlite"))
            func nonce() async throws -> UInt64 { try await store.account(id: "alice")?.nonce ?? 0 }

            // First run: killed without warning once some, not all, mails have executed.
            let first = try ServeProcess(binary: binary, config: config.path, log: work.appendingPathComponent("first.log"))
            let killedAt = try await waitFor(seconds: 120) { try await nonce() >= 1 ? try await nonce() : nil }
            await first.kill()
            #expect(killedAt < UInt64(Self.mails), "the kill came after the whole batch; nothing was tested")

            // Second run: picks up where the first stopped.
            let second = try ServeProcess(binary: binary, config: config.path, log: work.appendingPathComponent("second.log"))
            func answered() -> Set<String> {
                Set(sink.received().compactMap { Self.header("In-Reply-To", in: $0.data) })
            }
            _ = try await waitFor(seconds: 180) { try await nonce() == UInt64(Self.mails) && answered().count >= Self.mails ? true : nil }
            try await Task.sleep(for: .seconds(3))  // anything extra would show up now
            await second.terminate()

            #expect(try await nonce() == UInt64(Self.mails))
            // Each mail has exactly one reply (one Message-ID). SMTP itself is at least once: a reply
            // the sink accepted just before the kill, but not yet marked sent, goes out again after
            // the restart, with the same Message-ID, so mail clients show it once.
            let replies = sink.received()
            #expect(answered().count == Self.mails, "every mail is answered")
            let replyIDs = Set(replies.compactMap { Self.header("Message-ID", in: $0.data) })
            #expect(replyIDs.count == Self.mails, "one reply per mail")
            #expect(replies.count <= Self.mails + 1, "at most the reply in flight at the kill is delivered twice")
            #expect(replies.allSatisfy { String(decoding: $0.data, as: UTF8.self).contains("Your transaction was executed.") })
            let state = try await dovecot.state()
            #expect(state.messages.count == Self.mails)
            #expect(state.messages.values.allSatisfy { $0.contains(IMAPAfterProcessing.defaultKeyword) && $0.contains("\\Seen") })
        }
    }

    /// The value of the first header field `name` of a message.
    static func header(_ name: String, in message: [UInt8]) -> String? {
        String(decoding: message, as: UTF8.self).components(separatedBy: "\r\n")
            .first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
            .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
    }

}

/// A `chainmail serve` child process, its output in a log file.
final class ServeProcess: Sendable {
    private let process: ChildProcess

    init(binary: String, config: String, log: URL) throws {
        process = try ChildProcess(binary, ["serve", "--config", config], output: .file(log.path), error: .standardOutput)
    }

    var pid: Int32 { process.pid }

    /// SIGKILL without waiting, for a test's clean-up.
    func stopNow() {
        if process.isRunning { process.send(SIGKILL) }
    }

    func kill() async {
        process.send(SIGKILL)
        _ = try? await ProcessRunner.onBlockingThread { self.process.waitForEnd(upTo: .seconds(60)) }
    }

    /// SIGTERM, as an operator's service manager stops it; waits up to a minute for the drain.
    func terminate() async {
        process.send(SIGTERM)
        _ = try? await ProcessRunner.onBlockingThread { self.process.waitForEnd(upTo: .seconds(60)) }
    }
}
