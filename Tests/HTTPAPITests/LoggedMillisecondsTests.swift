import Foundation
import Testing

@testable import HTTPAPI

@Suite("duration_ms in the request log")
struct LoggedMillisecondsTests {
    @Test("a duration is written in milliseconds with three decimals, rounded to the microsecond")
    func threeDecimals() {
        #expect(Duration.zero.loggedMilliseconds == "0.000")
        #expect(Duration.microseconds(1).loggedMilliseconds == "0.001")
        #expect(Duration.nanoseconds(1_499).loggedMilliseconds == "0.001")
        #expect(Duration.nanoseconds(1_500).loggedMilliseconds == "0.002")
        #expect(Duration.microseconds(2_345).loggedMilliseconds == "2.345")
        #expect(Duration.milliseconds(61_000).loggedMilliseconds == "61000.000")
        #expect((Duration.seconds(3) + .nanoseconds(999_999_600)).loggedMilliseconds == "4000.000")
    }

    @Test("it writes what String(format: \"%.3f\") wrote before, for durations of up to a minute")
    func sameAsFormat() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            var nanoseconds = Int64.random(in: 0..<60_000_000_000, using: &generator)
            if nanoseconds % 1000 == 500 { nanoseconds += 1 }  // a tie, which binary floating point rounds either way
            let duration = Duration.nanoseconds(nanoseconds)
            #expect(duration.loggedMilliseconds == String(format: "%.3f", Double(nanoseconds) / 1e6), "\(nanoseconds) ns")
        }
    }
}
