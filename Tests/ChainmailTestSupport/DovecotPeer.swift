import Foundation

/// The private Dovecot of scripts/peers/dovecot.sh, with Python's imaplib (scripts/peers/
/// imap_client.py) as the independent client that appends mail and reads flags back.
public struct DovecotPeer: Sendable {
    public let directory: URL
    public let imapPort: UInt16
    public let imapsPort: UInt16
    public let caFile: String
    public let username: String
    public let password: String

    public static func start() async throws -> DovecotPeer {
        let directory = try PeerProcess.temporaryDirectory("chainmail-dovecot")
        let output = try await PeerProcess.check(["bash", PeerProcess.script("dovecot.sh"), "start", directory.path])
        let values = PeerProcess.keyValues(output)
        guard let imap = values["IMAP_PORT"].flatMap(UInt16.init), let imaps = values["IMAPS_PORT"].flatMap(UInt16.init),
            let ca = values["CA_FILE"], let user = values["USERNAME"], let password = values["PASSWORD"]
        else {
            throw PeerProcess.Failure(description: "dovecot.sh printed \(output)")
        }
        return DovecotPeer(directory: directory, imapPort: imap, imapsPort: imaps, caFile: ca, username: user, password: password)
    }

    /// Starts it again on the same ports and data after `stop()`.
    public func restart() async throws {
        try await PeerProcess.check(["bash", PeerProcess.script("dovecot.sh"), "start", directory.path])
    }

    public func stop() async {
        _ = try? await PeerProcess.run(["bash", PeerProcess.script("dovecot.sh"), "stop", directory.path])
    }

    public func cleanUp() async {
        await stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private func client(_ command: String, _ mailbox: String, _ files: [String] = []) async throws -> String {
        try await PeerProcess.check(
            [
                "python3", PeerProcess.script("imap_client.py"), "--port", "\(imapsPort)", "--ca", caFile,
                "--user", username, "--password", password, command, mailbox,
            ] + files
        )
    }

    /// Appends each message (raw bytes) to `mailbox`.
    public func append(_ messages: [[UInt8]], to mailbox: String = "INBOX") async throws {
        let folder = directory.appendingPathComponent("outgoing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var files: [String] = []
        for (index, message) in messages.enumerated() {
            let file = folder.appendingPathComponent("\(index).eml")
            try Data(message).write(to: file)
            files.append(file.path)
        }
        _ = try await client("append", mailbox, files)
    }

    public struct MailboxState: Decodable {
        public var uidvalidity: UInt32
        public var messages: [String: [String]]

        public func flags(uid: UInt32) -> [String]? { messages[String(uid)] }
    }

    public func state(of mailbox: String = "INBOX") async throws -> MailboxState {
        let output = try await client("flags", mailbox)
        return try JSONDecoder().decode(MailboxState.self, from: Data(output.utf8))
    }

    public func createMailbox(_ mailbox: String) async throws {
        _ = try await client("create", mailbox)
    }

    /// Deletes and creates `mailbox`: Dovecot gives it a new UIDVALIDITY and starts UIDs at 1.
    public func recreateMailbox(_ mailbox: String) async throws {
        _ = try await client("recreate", mailbox)
    }
}

/// Runs `body` with a fresh Dovecot that is stopped and removed afterwards, failure or not.
public func withDovecot(_ body: (DovecotPeer) async throws -> Void) async throws {
    let peer = try await DovecotPeer.start()
    do {
        try await body(peer)
    } catch {
        await peer.cleanUp()
        throw error
    }
    await peer.cleanUp()
}

/// A small RFC 5322 message with CRLF line ends.
public func testMessage(subject: String, body: String = "hello") -> [UInt8] {
    Array(
        "From: alice@example.org\r\nTo: chainmail@example.net\r\nSubject: \(subject)\r\nMessage-ID: <\(UUID().uuidString)@example.org>\r\n\r\n\(body)\r\n"
            .utf8
    )
}
