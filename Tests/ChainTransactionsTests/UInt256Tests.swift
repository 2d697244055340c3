import Testing

@testable import ChainTransactions

@Suite("UInt256")
struct UInt256Tests {
    static let twoTo256 = "115792089237316195423570985008687907853269984665640564039457584007913129639936"
    static let max = "115792089237316195423570985008687907853269984665640564039457584007913129639935"

    @Test("decimal text parses and prints back at the edges: 0, 1, 2^64, 2^256 − 1")
    func roundTrip() throws {
        for text in ["0", "1", "9", "10", "18446744073709551615", "18446744073709551616", "10000000000000000000", Self.max] {
            #expect(try UInt256(decimal: text).decimalString == text)
        }
        #expect(try UInt256(decimal: Self.max) == .max)
        #expect(try UInt256(decimal: "0") == .zero)
        #expect(UInt256.max.decimalString == Self.max)
        #expect(UInt256.twoToThe255.decimalString == "57896044618658097711785492504343953926634992332820282019728792003956564819968")
    }

    @Test("2^256 and longer digit strings are amount_out_of_range")
    func outOfRange() {
        for text in [
            Self.twoTo256, "999999999999999999999999999999999999999999999999999999999999999999999999999999", String(repeating: "9", count: 100_000),
        ] {
            #expect(throws: ChainTransactionError(code: .amountOutOfRange, message: "")) { try UInt256(decimal: text) }
        }
    }

    @Test("sign, exponent, spaces, leading zeros, points and empty text are amount_invalid")
    func invalid() {
        for text in ["", "01", "00", "+1", "-1", "1e3", " 1", "1 ", "1.5", "0x10", "١", "1_000", String(repeating: "0", count: 200)] {
            #expect(throws: ChainTransactionError(code: .amountInvalid, message: "")) { try UInt256(decimal: text) }
        }
    }

    @Test("multiplication reports overflow exactly at 2^256")
    func multiplication() throws {
        let two = UInt256(2)
        #expect(UInt256.twoToThe255.multipliedReportingOverflow(by: two).overflow)
        let half = try UInt256(decimal: "57896044618658097711785492504343953926634992332820282019728792003956564819967")
        let doubled = half.multipliedReportingOverflow(by: two)
        #expect(!doubled.overflow)
        #expect(doubled.partialValue.decimalString == "115792089237316195423570985008687907853269984665640564039457584007913129639934")
        #expect(UInt256.max.multipliedReportingOverflow(by: .zero) == (.zero, false))
        #expect(UInt256.max.multipliedReportingOverflow(by: UInt256(1)) == (.max, false))
        let big = UInt256(UInt64.max).multipliedReportingOverflow(by: UInt256(UInt64.max))
        #expect(big.partialValue.decimalString == "340282366920938463426481119284349108225")
        // 2^128 × 2^128 = 2^256 overflows with a zero partial value.
        let twoTo128 = try UInt256(decimal: "340282366920938463463374607431768211456")
        #expect(twoTo128.multipliedReportingOverflow(by: twoTo128) == (.zero, true))
        #expect(
            try UInt256(decimal: "10000000000000000000000000000000000000").multipliedReportingOverflow(by: UInt256(21_000)).partialValue.decimalString
                == "210000000000000000000000000000000000000000"
        )
    }

    @Test("big-endian bytes: 32 and minimal, at most 32 in")
    func bytes() {
        #expect(UInt256(1024).minimalBigEndianBytes == [0x04, 0x00])
        #expect(UInt256.zero.minimalBigEndianBytes == [])
        #expect(UInt256.zero.bigEndianBytes == [UInt8](repeating: 0, count: 32))
        #expect(UInt256.max.bigEndianBytes == [UInt8](repeating: 0xFF, count: 32))
        #expect(UInt256(bigEndian: [UInt8](repeating: 0xFF, count: 32)) == .max)
        #expect(UInt256(bigEndian: [0, 0, 1, 2]) == UInt256(0x0102))
        #expect(UInt256(bigEndian: [UInt8](repeating: 0, count: 33)) == nil)
        let bytes: [UInt8] = (1...32).map { UInt8($0) }
        #expect(UInt256(bigEndian: bytes)?.bigEndianBytes == bytes)
    }

    @Test("formatted amounts are exact, trailing zeros dropped, no grouping")
    func formatting() {
        #expect(UInt256(1_500_000_000_000_000_000).formatted(decimals: 18) == "1.5")
        #expect(UInt256(1).formatted(decimals: 18) == "0.000000000000000001")
        #expect(UInt256(0).formatted(decimals: 18) == "0")
        #expect(UInt256(1_000_000).formatted(decimals: 6) == "1")
        #expect(UInt256(1_234_567).formatted(decimals: 6) == "1.234567")
        #expect(UInt256(100).formatted(decimals: 0) == "100")
        #expect(UInt256(100).formatted(decimals: 2) == "1")
        #expect(UInt256(105).formatted(decimals: 1) == "10.5")
        #expect(UInt256.max.formatted(decimals: 18) == "115792089237316195423570985008687907853269984665640564039457.584007913129639935")
        #expect(UInt256.max.formatted(decimals: 77) == "1.15792089237316195423570985008687907853269984665640564039457584007913129639935")
        #expect(UInt256.max.formatted(decimals: 78) == "0.115792089237316195423570985008687907853269984665640564039457584007913129639935")
        #expect(UInt256(7).formatted(decimals: -3) == "7")
    }

    @Test("comparison is numeric across limbs")
    func comparison() throws {
        #expect(UInt256(UInt64.max) < (try UInt256(decimal: "18446744073709551616")))
        #expect(UInt256.zero < .max)
        #expect(!(UInt256.max < .max))
        #expect((try UInt256(decimal: "57896044618658097711785492504343953926634992332820282019728792003956564819967")) < .twoToThe255)
    }
}
