extension UInt256 {
    /// `self × other` modulo 2^256, and whether the true product is 2^256 or more.
    ///
    /// Schoolbook multiplication over the limbs; the overflow flag covers every partial product that
    /// falls at or above 2^256, so `gasLimit × maxFeePerGas` can be refused exactly.
    public func multipliedReportingOverflow(by other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let left = limbs
        let right = other.limbs
        var result: [UInt64] = [0, 0, 0, 0]
        var overflow = false
        for i in 0..<4 where left[i] != 0 {
            var carry: UInt64 = 0
            for j in 0..<(4 - i) {
                let product = left[i].multipliedFullWidth(by: right[j])
                let (sum1, c1) = result[i + j].addingReportingOverflow(product.low)
                let (sum2, c2) = sum1.addingReportingOverflow(carry)
                result[i + j] = sum2
                // product.high ≤ 2^64 − 2, so adding the two carries never wraps.
                carry = product.high &+ (c1 ? 1 : 0) &+ (c2 ? 1 : 0)
            }
            // A carry out of limb 3, or any non-zero partial product at 2^256 or above, overflows.
            if carry != 0 || right[(4 - i)...].contains(where: { $0 != 0 }) {
                overflow = true
            }
        }
        return (UInt256(limbs: result), overflow)
    }

    /// `self + other` modulo 2^256, and whether the true sum is 2^256 or more.
    public func addingReportingOverflow(_ other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let left = limbs
        let right = other.limbs
        var result: [UInt64] = [0, 0, 0, 0]
        var carry = false
        for index in 0..<4 {
            let (sum1, c1) = left[index].addingReportingOverflow(right[index])
            let (sum2, c2) = sum1.addingReportingOverflow(carry ? 1 : 0)
            result[index] = sum2
            carry = c1 || c2
        }
        return (UInt256(limbs: result), carry)
    }

    /// The quotient and remainder of division by a non-zero 64-bit divisor, limb by limb from the top.
    func quotientAndRemainder(dividingBy divisor: UInt64) -> (quotient: UInt256, remainder: UInt64) {
        precondition(divisor != 0, "division by zero")
        var remainder: UInt64 = 0
        var quotient: [UInt64] = [0, 0, 0, 0]
        for index in stride(from: 3, through: 0, by: -1) {
            let (q, r) = divisor.dividingFullWidth((high: remainder, low: limbs[index]))
            quotient[index] = q
            remainder = r
        }
        return (UInt256(limbs: quotient), remainder)
    }

    /// 2^255, from which an ERC-20 allowance reads as unlimited (PROTOCOL.md 8.3).
    public static let twoToThe255 = UInt256(limb3: 1 << 63, limb2: 0, limb1: 0, limb0: 0)
}
