import Foundation

/// RFC 5322 section 3.3 dates, as in `Date: Sat, 21 Nov 2026 06:00:00 +0000`, with the obsolete
/// zone names of section 4.3. Only what the freshness rule needs: nil when unreadable.
enum MailDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones: [String: Int] = [
        "ut": 0, "gmt": 0, "z": 0, "est": -500, "edt": -400, "cst": -600, "cdt": -500, "mst": -700, "mdt": -600, "pst": -800, "pdt": -700,
    ]

    static func parse(_ text: String) -> Date? {
        // Comments and the day of the week carry nothing the date needs.
        var cleaned = text.contains("(") ? text.replacingOccurrences(of: #"\([^)]*\)"#, with: " ", options: .regularExpression) : text
        if let comma = cleaned.firstIndex(of: ",") { cleaned = String(cleaned[cleaned.index(after: comma)...]) }
        let parts = cleaned.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).map { $0.lowercased() }
        guard parts.count >= 4,
            let day = Int(parts[0]), (1...31).contains(day),
            let month = months.firstIndex(of: String(parts[1].prefix(3))).map({ $0 + 1 }),
            var year = Int(parts[2])
        else { return nil }
        if year < 50 { year += 2000 } else if year < 1000 { year += 1900 }

        let time = parts[3].split(separator: ":").map { Int($0) }
        guard time.count >= 2, time.allSatisfy({ $0 != nil }) else { return nil }
        let hour = time[0]!
        let minute = time[1]!
        let second = time.count > 2 ? time[2]! : 0
        guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }

        var offset = 0
        if parts.count > 4 {
            let zone = parts[4]
            if let sign = zone.first, sign == "+" || sign == "-", zone.count == 5, let value = Int(zone.dropFirst()) {
                offset = (sign == "-" ? -1 : 1) * value
            } else if let named = zones[zone] {
                offset = named
            }
        }
        let offsetSeconds = (offset / 100) * 3600 + (offset % 100) * 60
        let utc = daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(utc - offsetSeconds))
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`):
    /// arithmetic, where a Calendar would cost more than the rest of the parse.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
