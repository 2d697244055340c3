/// The three ERC-20 calls an approval writes in words (PROTOCOL.md 8.3), decoded from calldata.
public enum ERC20Call: Sendable, Hashable {
    /// `transfer(address,uint256)`, selector a9059cbb.
    case transfer(to: EVMAddress, amount: UInt256)
    /// `approve(address,uint256)`, selector 095ea7b3.
    case approve(spender: EVMAddress, amount: UInt256)
    /// `transferFrom(address,address,uint256)`, selector 23b872dd.
    case transferFrom(from: EVMAddress, to: EVMAddress, amount: UInt256)

    static let transferSelector: [UInt8] = [0xA9, 0x05, 0x9C, 0xBB]
    static let approveSelector: [UInt8] = [0x09, 0x5E, 0xA7, 0xB3]
    static let transferFromSelector: [UInt8] = [0x23, 0xB8, 0x72, 0xDD]

    /// Decodes calldata only when it is exactly one of the three calls: a known selector, exactly
    /// 4 + 32 × (number of arguments) bytes, and 12 zero bytes above each address. Anything else
    /// (extra bytes, short data, dirty address words) is nil, and the approval calls it undecoded,
    /// because a contract may read such data differently from what the words would claim.
    public init?(calldata: [UInt8]) {
        guard calldata.count >= 4 else { return nil }
        let selector = Array(calldata.prefix(4))
        let words = Self.words(calldata.dropFirst(4))
        switch selector {
        case Self.transferSelector:
            guard words.count == 2, let to = Self.address(words[0]), let amount = UInt256(bigEndian: words[1]) else { return nil }
            self = .transfer(to: to, amount: amount)
        case Self.approveSelector:
            guard words.count == 2, let spender = Self.address(words[0]), let amount = UInt256(bigEndian: words[1]) else { return nil }
            self = .approve(spender: spender, amount: amount)
        case Self.transferFromSelector:
            guard words.count == 3, let from = Self.address(words[0]), let to = Self.address(words[1]),
                let amount = UInt256(bigEndian: words[2])
            else { return nil }
            self = .transferFrom(from: from, to: to, amount: amount)
        default:
            return nil
        }
    }

    /// The 32-byte words of the arguments; empty when the length is not a whole number of words or
    /// there are more than three (no call here takes more).
    private static func words(_ arguments: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        guard arguments.count % 32 == 0, arguments.count <= 3 * 32 else { return [] }
        return stride(from: arguments.startIndex, to: arguments.endIndex, by: 32).map { arguments[$0..<($0 + 32)] }
    }

    /// The address in an ABI word: 12 zero bytes then 20 address bytes; nil when the top is not zero.
    private static func address(_ word: ArraySlice<UInt8>) -> EVMAddress? {
        guard word.prefix(12).allSatisfy({ $0 == 0 }) else { return nil }
        return EVMAddress(bytes: Array(word.suffix(20)))
    }
}
