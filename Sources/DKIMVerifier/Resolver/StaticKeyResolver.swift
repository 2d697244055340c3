import Foundation

/// Answers key look-ups from a fixed table: for tests, replays and benchmarks.
///
/// Reads the format of Mail::DKIM's `FAKE_DNS.dat`: one `NAME<white space>TXT-RDATA` a line,
/// `#` or `;` comments, and the special values `NXDOMAIN`, `~~Query timed out~~` and `~~SERVFAIL~~`.
/// A name given on several lines holds several TXT records. A value in double quotes is unquoted.
public struct StaticKeyResolver: KeyResolver {
    private let answers: [String: TXTLookupResult]

    public init(records: [String: TXTLookupResult]) {
        self.answers = Dictionary(uniqueKeysWithValues: records.map { ($0.key.lowercased(), $0.value) })
    }

    public init(fakeDNSText text: String) {
        var answers: [String: TXTLookupResult] = [:]
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix(";") else { continue }
            let nameToken = line.prefix { !$0.isWhitespace }
            let name = nameToken.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
            var value = line.dropFirst(nameToken.count).trimmingCharacters(in: .whitespaces)
            if value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }

            let answer: TXTLookupResult =
                switch value {
                case "NXDOMAIN": .nxdomain(dnssec: .unknown)
                case "~~Query timed out~~": .temporaryFailure(DNSLookupFailure(.timeout, "query timed out"))
                case "~~SERVFAIL~~": .temporaryFailure(DNSLookupFailure(.servfail, "SERVFAIL"))
                default: .records([value], dnssec: .unknown)
                }
            if case .records(let existing, _) = answers[name], case .records(let added, _) = answer {
                answers[name] = .records(existing + added, dnssec: .unknown)
            } else {
                answers[name] = answer
            }
        }
        self.answers = answers
    }

    public init(fakeDNSFile path: String) throws {
        self.init(fakeDNSText: try String(contentsOfFile: path, encoding: .utf8))
    }

    nonisolated(nonsending) public func lookupTXT(_ name: String) async -> TXTLookupResult {
        answers[name.lowercased()] ?? .nxdomain(dnssec: .unknown)
    }
}
