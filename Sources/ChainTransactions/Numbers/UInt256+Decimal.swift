extension UInt256 {
    /// The most decimal digits a value below 2^256 can have (2^256 − 1 has 78).
    static let maximumDecimalDigits = 78

    /// Parses an amount as PROTOCOL.md 8.1 writes it: ASCII digits only, no sign, exponent, space or
    /// leading zero ("0" itself is fine), else `amount_invalid`; 2^256 or more is `amount_out_of_range`.
    ///
    /// Bounded: text longer than 78 characters is judged without arithmetic (digits only: out of
    /// range; anything else: invalid), so a huge string costs one scan.
    public init(decimal text: String) throws(ChainTransactionError) {
        let utf8 = text.utf8
        guard !utf8.isEmpty else {
            throw ChainTransactionError(code: .amountInvalid, message: "an amount is a decimal string of digits, got an empty string")
        }
        guard utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw ChainTransactionError(
                code: .amountInvalid,
                message: "an amount is a decimal string of digits only, without sign, exponent, point or spaces"
            )
        }
        guard utf8.count == 1 || utf8.first != UInt8(ascii: "0") else {
            throw ChainTransactionError(code: .amountInvalid, message: "an amount has no leading zeros")
        }
        guard utf8.count <= Self.maximumDecimalDigits else {
            throw ChainTransactionError(code: .amountOutOfRange, message: "an amount is below 2^256")
        }
        var value = UInt256.zero
        let ten = UInt256(10)
        for digit in utf8 {
            let (product, overflow1) = value.multipliedReportingOverflow(by: ten)
            let (sum, overflow2) = product.addingReportingOverflow(UInt256(UInt64(digit - UInt8(ascii: "0"))))
            guard !overflow1, !overflow2 else {
                throw ChainTransactionError(code: .amountOutOfRange, message: "an amount is below 2^256")
            }
            value = sum
        }
        self = value
    }

    /// The decimal digits, no sign, no grouping, no leading zeros ("0" for zero).
    public var decimalString: String {
        guard !isZero else { return "0" }
        // Chunks of 19 digits: 10^19 is the largest power of ten below 2^64.
        let chunkDivisor: UInt64 = 10_000_000_000_000_000_000
        var chunks: [UInt64] = []
        var rest = self
        while !rest.isZero {
            let (quotient, remainder) = rest.quotientAndRemainder(dividingBy: chunkDivisor)
            chunks.append(remainder)
            rest = quotient
        }
        var text = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 19 - digits.count) + digits
        }
        return text
    }

    /// The exact value in a unit with `decimals` decimal places: "1.5", "0.000000000000000001", "42";
    /// trailing zeros after the point dropped, no point when nothing follows it, no digit grouping.
    ///
    /// `decimals` of 0 or less print the integer itself. Work is linear in `decimals`, which callers
    /// take from checked configuration (0…77).
    public func formatted(decimals: Int) -> String {
        let digits = decimalString
        guard decimals > 0 else { return digits }
        let padded = digits.count > decimals ? digits : String(repeating: "0", count: decimals - digits.count + 1) + digits
        let integerPart = padded.prefix(padded.count - decimals)
        var fraction = padded.suffix(decimals)
        while fraction.last == "0" { fraction = fraction.dropLast() }
        return fraction.isEmpty ? String(integerPart) : integerPart + "." + fraction
    }
}
