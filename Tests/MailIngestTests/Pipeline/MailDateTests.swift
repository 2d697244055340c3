import Foundation
import Testing

@testable import MailIngest

/// Expected values are Python's `email.utils.parsedate_to_datetime(text).timestamp()`.
@Suite("RFC 5322 dates for the freshness rule")
struct MailDateTests {
    @Test(
        "dates with numeric and named zones, two-digit years, comments and dates before 1970 give Python's instants",
        arguments: [
            ("Sat, 21 Nov 2026 06:00:00 +0000", 1_795_240_800),
            ("Sat, 21 Nov 2026 06:00:00 +0000 (UTC)", 1_795_240_800),
            ("1 Jan 70 00:00 GMT", 0),
            ("Mon, 31 Dec 1969 12:00:00 EST", -25_200),
            ("Tue, 1 Mar 2000 10:11:12 +1400", 951_855_072),
            ("Thu, 29 Feb 2024 23:59:59 -0130", 1_709_256_599),
        ]
    )
    func parsesAsPythonDoes(text: String, unixTime: Int) {
        #expect(MailDate.parse(text) == Date(timeIntervalSince1970: TimeInterval(unixTime)))
    }

    @Test(
        "unreadable dates give nil",
        arguments: ["", "yesterday", "Sat, 32 Nov 2026 06:00:00 +0000", "21 Nov 2026 25:00 +0000", "21 Smarch 2026 06:00 +0000"]
    )
    func unreadable(text: String) {
        #expect(MailDate.parse(text) == nil)
    }
}
