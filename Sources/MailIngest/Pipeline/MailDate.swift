import Foundation

/// RFC 5322 section 3.3 dates, as in `Date: Sat, 21 Nov 2026 06:00:00 +0000`, with the obsolete
/// two- and three-digit years and zone names of section 4.3. Only what the freshness rule needs:
/// nil when unreadable.
///
/// The value comes from anyone who relays the mail, so it is read byte by byte in one pass: no
/// regular expression, comments (nested, with quoted-pairs, RFC 5322 CFWS) skipped by a linear
/// scanner, at most `maximumLength` bytes, every number bounded by its digit count before it is
/// computed with, and years limited to 1900...9999, so no input can trap or take more than linear time.
enum MailDate {
    /// RFC 5322 section 2.1.1: a line holds at most 998 characters; a longer date is refused unread.
    static let maximumLength = 998
    static let years = 1900...9999

    private static let months: [[UInt8]] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map {
        Array($0.utf8)
    }
    private static let zones: [[UInt8]: Int] = [
        "ut": 0, "gmt": 0, "z": 0, "est": -500, "edt": -400, "cst": -600, "cdt": -500, "mst": -700, "mdt": -600, "pst": -800, "pdt": -700,
    ].reduce(into: [:]) { $0[Array($1.key.utf8)] = $1.value }

    static func parse(_ text: String) -> Date? {
        parse(bytes: Array(text.utf8))
    }

    static func parse(bytes: [UInt8]) -> Date? {
        guard bytes.count <= maximumLength, var tokens = tokens(bytes) else { return nil }
        // The day of the week, up to its comma, carries nothing the date needs.
        if let comma = tokens.firstIndex(of: [0x2C]) { tokens.removeSubrange(...comma) }
        guard tokens.count >= 4,
            let day = number(tokens[0], digits: 1...2),
            let month = month(tokens[1]),
            var year = number(tokens[2], digits: 2...4),
            let (hour, minute, second) = time(tokens[3])
        else { return nil }
        switch tokens[2].count {
        case 2: year += year < 50 ? 2000 : 1900
        case 3: year += 1900
        default: break
        }
        guard years.contains(year), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        guard let offsetSeconds = tokens.count > 4 ? zoneOffsetSeconds(tokens[4]) : 0 else { return nil }
        // Bounded above: |days| < 3,000,000, so every product here is far from Int's limits.
        let utc = daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(utc - offsetSeconds))
    }

    /// The words of the value: runs of bytes other than white space, commas and comments, with each
    /// comma a word of its own. Nil for an unterminated comment or quoted-pair.
    private static func tokens(_ bytes: [UInt8]) -> [[UInt8]]? {
        var tokens: [[UInt8]] = []
        var current: [UInt8] = []
        func flush() {
            if !current.isEmpty { tokens.append(current) }
            current = []
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case .sp, .htab, .cr, .lf:
                flush()
                index += 1
            case 0x2C:
                flush()
                tokens.append([0x2C])
                index += 1
            case 0x28:
                flush()
                guard let end = endOfComment(bytes, from: index) else { return nil }
                index = end
            default:
                current.append(byte)
                index += 1
            }
        }
        flush()
        return tokens
    }

    /// The index after the comment opening at `start` (nested comments and quoted-pairs included), or nil
    /// when it is not closed. One pass: the depth is a counter, never a rescan.
    static func endOfComment(_ bytes: [UInt8], from start: Int) -> Int? {
        var depth = 0
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case 0x5C:
                guard index + 1 < bytes.count else { return nil }
                index += 2
                continue
            case 0x28: depth += 1
            case 0x29:
                depth -= 1
                if depth == 0 { return index + 1 }
            default: break
            }
            index += 1
        }
        return nil
    }

    /// A decimal of `digits` ASCII digits, nil for anything else (so the value is at most 10^4).
    private static func number(_ bytes: ArraySlice<UInt8>, digits: ClosedRange<Int>) -> Int? {
        guard digits.contains(bytes.count), bytes.allSatisfy(\.isDigit) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    private static func number(_ bytes: [UInt8], digits: ClosedRange<Int>) -> Int? { number(bytes[...], digits: digits) }

    /// 1...12 for a month name (its first three letters; `January` reads as `jan`).
    private static func month(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 3, bytes.count <= 9, bytes.allSatisfy(\.isAlpha) else { return nil }
        let prefix = bytes.prefix(3).map(\.asciiLowercased)
        return months.firstIndex(where: { $0.elementsEqual(prefix) }).map { $0 + 1 }
    }

    /// `hh:mm` or `hh:mm:ss`, one or two digits each.
    private static func time(_ bytes: [UInt8]) -> (Int, Int, Int)? {
        let parts = bytes.split(separator: 0x3A, omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        guard let hour = number(parts[0], digits: 1...2), let minute = number(parts[1], digits: 1...2) else { return nil }
        if parts.count == 2 { return (hour, minute, 0) }
        guard let second = number(parts[2], digits: 1...2) else { return nil }
        return (hour, minute, second)
    }

    /// `+hhmm` / `-hhmm`, or an obsolete zone name; other names (military letters, unknown ones) count as
    /// UTC, as RFC 5322 section 4.3 asks (`-0000`). Nil for anything else (a malformed numeric zone).
    private static func zoneOffsetSeconds(_ zone: [UInt8]) -> Int? {
        if zone[0] == 0x2B || zone[0] == 0x2D {
            guard let value = number(zone[1...], digits: 4...4) else { return nil }
            let seconds = (value / 100) * 3600 + (value % 100) * 60
            return zone[0] == 0x2D ? -seconds : seconds
        }
        guard zone.allSatisfy(\.isAlpha) else { return nil }
        return (zones[zone.map(\.asciiLowercased)] ?? 0) / 100 * 3600
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`):
    /// arithmetic, where a Calendar would cost more than the rest of the parse. Callers keep
    /// `year` within a few thousand, so nothing here can overflow.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
