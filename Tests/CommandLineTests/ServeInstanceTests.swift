import ChainmailTestSupport
import Foundation
import Testing

/// `serve` as an operator runs it: one instance per data directory (the lock is taken before
/// anything connects), JSON logs one object a line, and the data directory private to its user.
@Suite("chainmail serve: the instance lock, JSON logs and file modes", .serialized)
struct ServeInstanceTests {
    @Test("a second serve on the same data directory is refused at once, naming the first one's pid, before it connects to IMAP")
    func secondServeRefused() async throws {
        let folder = try WorkFolder("chainmail-serve-lock")
        let data = folder.path("data")
        let first = try folder.write(
            "first.yaml",
            """
            dataDirectory: \(data)
            logFormat: json
            http:
              port: 0
              serviceMailbox: wallet@example.com
            """
        )
        let imap = try ConnectionCounter()
        let second = try folder.write(
            "second.yaml",
            """
            dataDirectory: \(data)
            http:
              port: 0
              serviceMailbox: wallet@example.com
            imap:
              host: 127.0.0.1
              port: \(imap.port)
              tls: none
              username: wallet
              password: secret
            """
        )
        let log = folder.path("first.log")
        let running = try ChildProcess(ChainmailExecutable.path, ["serve", "--config", first], output: .file(log), error: .standardOutput)
        defer { running.stop() }
        try await waitUntil(seconds: 120) { (try? String(contentsOfFile: log, encoding: .utf8))?.contains("chainmail serving") == true }

        let refused = try await ChainmailExecutable.run(["serve", "--config", second])
        #expect(refused.status == 1)
        #expect(refused.stderr == "chainmail: \(data) is in use by another chainmail serve (pid \(running.pid))\n")
        #expect(!imap.connectionAttempted, "the second serve never connected to the IMAP server")

        running.send(SIGTERM)
        let ended = try await ProcessRunner.onBlockingThread { running.waitForEnd(upTo: .seconds(60)) }
        #expect(ended == .exited(0))

        // The log: one JSON object a line, each with time, level, label and message.
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.count >= 2)
        #expect(lines.first?.hasPrefix(#"{"time":""#) == true)
        #expect(lines.first?.contains(#"Z","level":"info","label":"chainmail""#) == true, "UTC time with fractional seconds, then the fixed fields")
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object != nil, "not a JSON object: \(line)")
            for field in ["time", "level", "label", "message"] { #expect(object?[field] is String, "\(field) in \(line)") }
        }
        #expect(lines.contains { $0.contains(#""message":"chainmail serving""#) && $0.contains(#""data":"\#(data)""#) })

        // Everything serve made is private: the directory 0700, the files 0600.
        #expect(try permissionBits(data) == 0o700)
        #expect(try permissionBits(data + "/signer") == 0o700)
        for name in ["accounts.sqlite", "serve.lock", "signer/root.key"] {
            #expect(try permissionBits(data + "/" + name) == 0o600, "\(name)")
        }
        for name in ["accounts.sqlite-wal", "accounts.sqlite-shm"] where FileManager.default.fileExists(atPath: data + "/" + name) {
            #expect(try permissionBits(data + "/" + name) == 0o600, "\(name)")
        }

        // Once the first has stopped, the lock is free again.
        let checked = try await ChainmailExecutable.run(["config", "check", "--config", second])
        #expect(checked.status == 0, "\(checked.stderr)")
    }

    @Test("init makes the data directory 0700 and the root key and store 0600, whatever the caller's umask")
    func initModes() async throws {
        let folder = try WorkFolder("chainmail-modes")
        let data = folder.path("nested/data")
        try await ChainmailExecutable.check(["init", "--data-dir", data])
        #expect(try permissionBits(data) == 0o700)
        #expect(try permissionBits(data + "/signer") == 0o700)
        #expect(try permissionBits(data + "/signer/root.key") == 0o600)
        #expect(try permissionBits(data + "/accounts.sqlite") == 0o600)
        for name in try FileManager.default.contentsOfDirectory(atPath: data) where name != "signer" {
            #expect(try permissionBits(data + "/" + name) == 0o600, "\(name)")
        }
    }

    /// Polls `condition` every 50 ms until it holds, failing after `seconds`.
    private func waitUntil(seconds: Int, _ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw PeerProcess.Failure(description: "timed out after \(seconds) s")
    }
}
