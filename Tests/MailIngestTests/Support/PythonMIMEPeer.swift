import ChainmailTestSupport
import Foundation

/// Runs `scripts/peers/make_mime.py`: Python's standard `email` package builds the message from a JSON spec,
/// so the parser is checked against a producer it was not written alongside.
enum PythonMIMEPeer {
    static func make(_ spec: String) async throws -> [UInt8] {
        try await PythonPeer.run("make_mime.py", bytes: Array(spec.utf8))
    }

    /// What Python's own parser (policy.default) reads in a message's From and Subject.
    static func readHeaders(_ message: [UInt8]) async throws -> PythonHeaders {
        try JSONDecoder().decode(PythonHeaders.self, from: Data(try await PythonPeer.run("read_headers.py", bytes: message)))
    }

    struct PythonHeaders: Decodable {
        struct Address: Decodable, Equatable {
            let display_name: String
            let addr_spec: String
        }
        let subject: String?
        let from: [Address]
    }
}
