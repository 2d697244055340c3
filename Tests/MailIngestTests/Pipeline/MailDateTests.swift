import ChainmailTestSupport
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
            ("Sat, 21 Nov 2026 (a \\) (nested) comment) 06:00:00 +0000", 1_795_240_800),
            ("(c)Sat(c),(c)21(c)November(c)2026(c)06:00:00(c)+0000(c)", 1_795_240_800),
            ("Sat, 21 Nov 2026\r\n 06:00:00 +0000", 1_795_240_800),
            ("1 Jan 1900 00:00:00 +0000", -2_208_988_800),
            ("31 Dec 9999 23:59:59 +0000", 253_402_300_799),
            ("1 Jan 99 00:00 -0000", 915_148_800),
        ]
    )
    func parsesAsPythonDoes(text: String, unixTime: Int) {
        #expect(MailDate.parse(text) == Date(timeIntervalSince1970: TimeInterval(unixTime)))
    }

    @Test(
        "unreadable dates give nil",
        arguments: [
            "", "yesterday", "Sat, 32 Nov 2026 06:00:00 +0000", "21 Nov 2026 25:00 +0000", "21 Smarch 2026 06:00 +0000",
            "30 Feb 2024 00:00:00 +0000", "29 Feb 2023 00:00:00 +0000", "31 Apr 2026 00:00:00 +0000",
            "1 Jan 1899 00:00:00 +0000", "1 Jan 10000 00:00:00 +0000", "1 Jan 5 00:00:00 +0000",
            "1 Jan 2026 00:00:00:00 +0000", "1 Jan 2026 000:00 +0000", "001 Jan 2026 00:00 +0000",
            "Sat, 21 Nov 2026 (unterminated 06:00:00 +0000", "Sat, 21 Nov 2026 06:00:00 +0000 (\\",
        ]
    )
    func unreadable(text: String) {
        #expect(MailDate.parse(text) == nil)
    }

    @Test(
        "issue 11: huge numbers give nil, never an arithmetic trap",
        arguments: [
            "1 Jan 99999999999999999 00:00:00 +0000", "1 Jan 9223372036854775807 00:00:00 +0000",
            "99999999999999999999 Jan 2026 00:00:00 +0000", "1 Jan 2026 99999999999999999999:00:00 +0000",
            "1 Jan 2026 00:99999999999999999999:00 +0000", "1 Jan 2026 00:00:00 +99999999999999999999", "1 Jan 2026 00:00:00 -99",
            "1 Jan -9223372036854775808 00:00:00 +0000",
        ]
    )
    func hugeNumbers(text: String) {
        #expect(MailDate.parse(text) == nil)
    }

    @Test("RFC 5322 4.3: a three-digit year is 1900 more; an unknown zone name is UTC")
    func obsoleteForms() {
        // Python reads year 100 as it stands and an unknown zone as local time; RFC 5322 section 4.3 is followed here.
        #expect(MailDate.parse("1 Jan 100 00:00 +0000") == Date(timeIntervalSince1970: 946_684_800))
        #expect(MailDate.parse("1 Jan 2000 00:00 XYZ") == Date(timeIntervalSince1970: 946_684_800))
        #expect(MailDate.parse("1 Jan 2000 00:00 +0100") == Date(timeIntervalSince1970: 946_681_200))
    }

    @Test("issue 11: a Date of thousands of ( is refused in linear time, within the 998-byte cap and beyond it")
    func manyParentheses() {
        let capped = String(repeating: "(", count: 990)
        var parsed: Date? = .distantPast
        var cpuTime = threadCPUTime { parsed = MailDate.parse(capped) }
        #expect(parsed == nil)
        #expect(cpuTime < .seconds(1))
        // Over the cap the value is refused unread; the comment scanner itself is linear at any size.
        let huge = String(repeating: "(", count: 2_000_000)
        cpuTime = threadCPUTime { parsed = MailDate.parse(huge) }
        #expect(parsed == nil)
        let bytes = Array(String(repeating: "(", count: 1_000_000).utf8) + Array(String(repeating: ")", count: 1_000_000).utf8)
        var end: Int?
        cpuTime += threadCPUTime { end = MailDate.endOfComment(bytes, from: 0) }
        #expect(end == bytes.count)
        #expect(cpuTime < .seconds(1))
        #expect(MailDate.endOfComment(Array(String(repeating: "(a)", count: 100_000).utf8), from: 0) == 3)
    }

    @Test("a value over 998 bytes is refused; nested comments up to the cap are read")
    func lengthCap() {
        let nested = String(repeating: "(", count: 400) + String(repeating: ")", count: 400)
        #expect(MailDate.parse("Sat, 21 Nov 2026 06:00:00 +0000 " + nested) == Date(timeIntervalSince1970: 1_795_240_800))
        let padded = "Sat, 21 Nov 2026 06:00:00 +0000 " + String(repeating: " ", count: 998)
        #expect(MailDate.parse(padded) == nil)
    }
}
