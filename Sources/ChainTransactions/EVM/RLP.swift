/// Recursive Length Prefix, Ethereum's serialisation of nested byte strings (Yellow Paper appendix B):
/// what EIP-1559 transactions are hashed and sent as.
public enum RLP {
    /// A byte string or a list of items.
    public indirect enum Item: Sendable, Hashable {
        case bytes([UInt8])
        case list([Item])
    }

    /// The encoding of `item`: a single byte below 0x80 stands for itself; other strings and lists
    /// carry a short (≤ 55 bytes) or long length prefix.
    public static func encode(_ item: Item) -> [UInt8] {
        var output: [UInt8] = []
        encode(item, into: &output)
        return output
    }

    private static func encode(_ item: Item, into output: inout [UInt8]) {
        switch item {
        case .bytes(let bytes):
            if bytes.count == 1, bytes[0] < 0x80 {
                output.append(bytes[0])
            } else {
                appendLength(bytes.count, shortBase: 0x80, into: &output)
                output.append(contentsOf: bytes)
            }
        case .list(let items):
            var payload: [UInt8] = []
            for element in items {
                encode(element, into: &payload)
            }
            appendLength(payload.count, shortBase: 0xC0, into: &output)
            output.append(contentsOf: payload)
        }
    }

    /// The prefix for a payload of `length` bytes: `shortBase + length` up to 55, else
    /// `shortBase + 55 + n` followed by the n big-endian bytes of the length.
    private static func appendLength(_ length: Int, shortBase: UInt8, into output: inout [UInt8]) {
        if length <= 55 {
            output.append(shortBase + UInt8(length))
        } else {
            let lengthBytes = UInt256(UInt64(length)).minimalBigEndianBytes
            output.append(shortBase + 55 + UInt8(lengthBytes.count))
            output.append(contentsOf: lengthBytes)
        }
    }
}

extension RLP.Item {
    /// An unsigned integer as RLP writes it: big-endian without leading zeros, zero as the empty string.
    static func integer(_ value: UInt64) -> RLP.Item {
        .bytes(UInt256(value).minimalBigEndianBytes)
    }

    /// A 256-bit unsigned integer, minimal big-endian.
    static func integer(_ value: UInt256) -> RLP.Item {
        .bytes(value.minimalBigEndianBytes)
    }
}
