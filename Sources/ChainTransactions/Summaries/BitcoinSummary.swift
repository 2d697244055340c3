import ChainSigner

/// What an approval says about a Bitcoin transaction (PROTOCOL.md 8.3), computed from the same
/// `BitcoinTransaction` that is hashed and signed. Amounts are exact BTC with trailing zeros dropped,
/// addresses in full:
///
/// ```
/// Bitcoin regtest transaction from bcrt1q…, spending 2 inputs of 0.015 BTC:
/// Output 1: 0.01 BTC to bcrt1q… (P2WPKH)
/// Output 2: 0.004 BTC to bcrt1q… (P2WPKH, change back to the paying address)
/// Output 3: 0 BTC to script 6a04deadbeef (no address)
/// Network fee: 0.0001 BTC (12.3 sat/vB over 141 vB)
/// Valid only from block 800000.
/// Warning: the network fee is more than 5% of the amount sent.
/// Warning: the network fee is above 0.01 BTC.
/// ```
///
/// The lock-time line appears only for a non-zero lock time (below 500,000,000 a block height, else a
/// UTC time). The first warning appears when fee × 20 > the amount sent (outputs not paying `from`, or
/// all outputs when every one is change); the second when the fee is above 1,000,000 sat.
public enum BitcoinSummary {
    /// Satoshi in a bitcoin, as a number of decimals.
    static let decimals = 8
    /// A fee above this many satoshi (0.01 BTC) is warned about.
    static let highFee: UInt64 = 1_000_000
    /// Lock times from here on are Unix times, below it block heights (Bitcoin's LOCKTIME_THRESHOLD).
    static let lockTimeThreshold: UInt32 = 500_000_000

    /// The lines of PROTOCOL.md 8.3 for `transaction`; `virtualSize` nil means the estimate (before signing).
    public static func lines(for transaction: BitcoinTransaction, virtualSize: Int? = nil) -> [String] {
        let unsigned = transaction.psbt.unsignedTransaction
        let inputCount = unsigned.inputs.count
        var lines = [
            "\(transaction.network.displayName) transaction from \(transaction.from), spending \(inputCount) \(inputCount == 1 ? "input" : "inputs") of \(btc(transaction.inputTotal)):"
        ]
        var sent: UInt64 = 0
        for (offset, output) in unsigned.outputs.enumerated() {
            let isChange = output.script == transaction.fromScript
            if !isChange { sent += output.value }
            let destination: String
            if let described = BitcoinAddress.describe(script: output.script, network: transaction.network) {
                destination = "\(described.address) (\(described.type)\(isChange ? ", change back to the paying address" : ""))"
            } else {
                destination = "script \(output.script.hexString) (no address)"
            }
            lines.append("Output \(offset + 1): \(btc(output.value)) to \(destination)")
        }
        if sent == 0 { sent = transaction.outputTotal }
        let size = max(1, virtualSize ?? transaction.estimatedVirtualSize)
        lines.append("Network fee: \(btc(transaction.fee)) (\(rate(fee: transaction.fee, virtualSize: size)) sat/vB over \(size) vB)")
        if unsigned.lockTime != 0 {
            lines.append("Valid only from \(lockTimeText(unsigned.lockTime)).")
        }
        if transaction.fee * 20 > sent {
            lines.append("Warning: the network fee is more than 5% of the amount sent.")
        }
        if transaction.fee > highFee {
            lines.append("Warning: the network fee is above 0.01 BTC.")
        }
        return lines
    }

    /// An amount in satoshi as exact BTC: `0.015 BTC`, `0 BTC`.
    static func btc(_ satoshi: UInt64) -> String {
        "\(UInt256(satoshi).formatted(decimals: decimals)) BTC"
    }

    /// fee / virtualSize in sat/vB, rounded half up to one decimal, in integers. Fees are at most
    /// MAX_MONEY (about 2^51), so fee × 20 does not overflow.
    static func rate(fee: UInt64, virtualSize: Int) -> String {
        let size = UInt64(max(1, virtualSize))
        let tenths = (fee * 20 + size) / (2 * size)
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// `block 800000`, or the UTC time of a Unix-time lock time in ISO 8601 (`2024-01-02T03:04:05Z`).
    static func lockTimeText(_ lockTime: UInt32) -> String {
        guard lockTime >= lockTimeThreshold else { return "block \(lockTime)" }
        let seconds = Int(lockTime)
        let days = seconds / 86_400
        let secondOfDay = seconds % 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
    }

    /// The proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's civil_from_days).
    static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
