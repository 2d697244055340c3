import Foundation

/// A directory of peer-signed messages: the `.eml` files, `dns.txt` and `manifest.json` the
/// scripts in scripts/peers/ write.
struct SignedCorpus {
    /// One message and the verdict an RFC 6376 verifier must reach on it.
    struct Entry: Decodable, Sendable, CustomStringConvertible {
        let file: String
        /// "pass" or "fail".
        let expect: String
        let signer: String
        let canon: String
        let note: String
        let algorithm: String
        let domain: String
        let selector: String
        /// Unix seconds just after signing: the `now` to verify at.
        let now: Int64
        /// The peer's own verdict where it departs from the RFC (Mail::DKIM only).
        let peerVerdict: String?

        var description: String { "\(file) [\(signer), \(algorithm), c=\(canon)]: \(note)" }
    }

    let directory: URL
    let entries: [Entry]

    var dnsFile: URL { directory.appendingPathComponent("dns.txt") }

    init(directory: URL) throws {
        self.directory = directory
        let manifest = try Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        self.entries = try decoder.decode([Entry].self, from: manifest)
    }

    func message(_ entry: Entry) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(entry.file)))
    }
}
