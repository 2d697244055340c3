/// Number::toString of ECMA-262 (section 6.1.6.1.20), which RFC 8785 prescribes for numbers.
/// Swift's `Double.description` already yields the shortest digit string that reads back as the
/// same double (the digits ECMAScript asks for); this only lays those digits out the ECMAScript way.
enum ECMAScriptNumberFormat {
    static func string(_ value: Double) -> String {
        if value == 0 { return "0" }  // both +0 and -0
        precondition(value.isFinite, "JSON numbers are finite")
        let (digits, exponent) = shortestDigits(abs(value))
        let sign = value < 0 ? "-" : ""
        let k = digits.count
        let n = exponent  // value = 0.d1d2…dk × 10^n
        if k <= n && n <= 21 {
            return sign + digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            return sign + digits.prefix(n) + "." + digits.dropFirst(n)
        }
        if -6 < n && n <= 0 {
            return sign + "0." + String(repeating: "0", count: -n) + digits
        }
        let exponentText = (n - 1 >= 0 ? "+" : "-") + String(abs(n - 1))
        if k == 1 { return sign + digits + "e" + exponentText }
        return sign + digits.prefix(1) + "." + digits.dropFirst(1) + "e" + exponentText
    }

    /// The shortest round-trip decimal digits of a positive finite double, without leading or
    /// trailing zeros, and n such that value = 0.digits × 10^n.
    private static func shortestDigits(_ value: Double) -> (String, Int) {
        let text = value.description  // e.g. "4.5", "1e+30", "1.2345678901234568e+20", "5e-324"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...])!
        }
        let integerPart: Substring
        let fractionPart: Substring
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        } else {
            integerPart = mantissa
            fractionPart = ""
        }
        var digits = Array(integerPart + fractionPart)
        var pointPosition = integerPart.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        return (String(digits), pointPosition)
    }
}
