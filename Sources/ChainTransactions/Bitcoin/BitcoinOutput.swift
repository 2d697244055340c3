/// A transaction output: an amount in satoshi and the script that locks it.
public struct BitcoinOutput: Sendable, Hashable {
    /// The amount in satoshi.
    public let value: UInt64
    /// The locking script (scriptPubKey).
    public let script: [UInt8]

    public init(value: UInt64, script: [UInt8]) {
        self.value = value
        self.script = script
    }

    /// The most satoshi there can be: 21,000,000 BTC (Bitcoin Core's MAX_MONEY).
    public static let maxMoney: UInt64 = 2_100_000_000_000_000

    /// The serialisation inside a transaction: value (8 bytes little-endian), compact size and script.
    var serialized: [UInt8] {
        var bytes = BitcoinSerialization.uint64(value)
        bytes += BitcoinSerialization.compactSize(script.count)
        bytes += script
        return bytes
    }
}
