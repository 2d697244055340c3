/// An amount of NEAR in yoctoNEAR (10⁻²⁴ NEAR), NEAR's `u128` balance, held as two 64-bit halves
/// (Swift's `UInt128` is not available on every platform the package names).
public struct YoctoNEAR: Sendable, Hashable, CustomStringConvertible {
    /// The high 64 bits.
    public var high: UInt64
    /// The low 64 bits.
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// An amount below 2⁶⁴ yoctoNEAR.
    public init(_ value: UInt64) {
        self.init(high: 0, low: value)
    }

    /// Nothing.
    public static let zero = YoctoNEAR(0)

    /// One yoctoNEAR, the deposit a call that must be paid for carries.
    public static let one = YoctoNEAR(1)

    /// The amount in decimal digits, as NEAR's JSON writes balances.
    public var description: String {
        var (high, low) = (high, low)
        if high == 0 { return String(low) }
        var digits: [Character] = []
        while high != 0 || low != 0 {
            // Divide the 128-bit value by 10, one 64-bit half at a time.
            let (highQuotient, highRemainder) = high.quotientAndRemainder(dividingBy: 10)
            let (lowQuotient, lowRemainder) = UInt64(10).dividingFullWidth((high: highRemainder, low: low))
            (high, low) = (highQuotient, lowQuotient)
            digits.append(Character(String(lowRemainder)))
        }
        return String(digits.reversed())
    }
}
