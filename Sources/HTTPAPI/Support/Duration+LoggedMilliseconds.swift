extension Duration {
    /// Milliseconds with three decimals, rounded to the microsecond ("2.345"), as the request log
    /// writes `duration_ms`: integer arithmetic, since Foundation's `String(format:)` cost a few
    /// percent of a busy server's time in this one line.
    var loggedMilliseconds: String {
        let (seconds, attoseconds) = components
        let microseconds = seconds * 1_000_000 + (attoseconds + 500_000_000_000) / 1_000_000_000_000
        let fraction = String(microseconds % 1000)
        return "\(microseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
