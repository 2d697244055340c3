import Foundation

/// The hostile mails of issue 11, built byte by byte, and the dkimpy-signed ones of testdata/section5.
public enum HostileMail {
    public static let section5 = PackagePaths.root.appendingPathComponent("testdata/section5")

    /// A mail of testdata/section5 (scripts/make-section5-fixtures.py), as bytes.
    public static func section5(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: section5.appendingPathComponent(name)))
    }

    /// The DKIM keys of testdata/section5, as FAKE_DNS lines.
    public static func section5DNS() throws -> String {
        try String(contentsOf: section5.appendingPathComponent("dns.txt"), encoding: .utf8)
    }

    /// `fields` header fields `X-Pad: 1` under a DKIM-Signature by the From domain whose `h=` names
    /// `X-Pad` `hEntries` times (folded into lines of at most about 900 bytes), a correct `bh=` for
    /// the empty body, and From and Subject: the mail whose signed-header look-up rescanned every
    /// header for each `h=` entry. `fields + 3` header fields in all.
    public static func manyHeaders(fields: Int, hEntries: Int) -> [UInt8] {
        var hLines: [String] = []
        var line = "from:subject"
        for _ in 0..<hEntries {
            if line.utf8.count > 890 {
                hLines.append(line)
                line = ""
            }
            line += ":x-pad"  // a folded line starts with the colon: FWS may surround it
        }
        hLines.append(line)
        // bh= of the empty body under relaxed canonicalisation: SHA-256 of no bytes.
        var text = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=hostile;\r\n"
        text += "\tbh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n"
        text += "\th=" + hLines.joined(separator: "\r\n\t") + ";\r\n"
        text += "\tb=AAAA\r\n"
        text += "From: mallory@example.com\r\nSubject: Approve \(String(repeating: "ab", count: 32))\r\n"
        text += String(repeating: "X-Pad: 1\r\n", count: fields)
        return Array((text + "\r\n").utf8)
    }

    /// A mail whose Date is `count` `(` (unclosed nested comments), folded into lines of 900 so that no
    /// header line is over the 998-byte limit: the input that made the comment regex backtrack.
    public static func parenthesisDate(count: Int) -> [UInt8] {
        var chunks: [String] = []
        var left = count
        while left > 0 {
            chunks.append(String(repeating: "(", count: min(900, left)))
            left -= 900
        }
        let date = "Date: " + chunks.joined(separator: "\r\n ") + "\r\n"
        return Array(("From: mallory@example.com\r\nSubject: Approve \(String(repeating: "cd", count: 32))\r\n" + date + "\r\nx\r\n").utf8)
    }

    /// `date` as an RFC 5322 Date value, in UTC.
    public static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
