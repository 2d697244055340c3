import ByteEncoding
import ChainSigner

/// A 20-byte EVM account or contract address, checked as PROTOCOL.md 8.1 asks: any case, but a
/// mixed-case address must carry a valid EIP-55 checksum, so a mistyped address is refused rather than
/// paid.
public struct EVMAddress: Sendable, Hashable {
    /// The 20 bytes of the address.
    public let bytes: [UInt8]

    /// Parses `0x` and 40 hex digits. All lowercase or all uppercase digits carry no checksum and are
    /// accepted; mixed case must match EIP-55 (`address_checksum_invalid`); any other shape is
    /// `invalid_address`.
    public init(_ text: String) throws(ChainTransactionError) {
        let utf8 = Array(text.utf8.prefix(43))
        guard utf8.count == 42, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") else {
            throw ChainTransactionError(code: .invalidAddress, message: "an EVM address is 0x and 40 hex digits")
        }
        let digits = utf8[2...]
        guard let bytes = Hex.decode(bytes: Array(digits)) else {
            throw ChainTransactionError(code: .invalidAddress, message: "an EVM address is 0x and 40 hex digits")
        }
        self.bytes = bytes
        let hasLower = digits.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f") }
        let hasUpper = digits.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F") }
        if hasLower && hasUpper && checksummed.utf8.dropFirst(2).elementsEqual(digits) == false {
            throw ChainTransactionError(
                code: .addressChecksumInvalid,
                message: "the mixed-case address \(text) does not carry a valid EIP-55 checksum"
            )
        }
    }

    /// An address of exactly 20 bytes; nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 20 else { return nil }
        self.bytes = bytes
    }

    /// `0x` and 40 lowercase hex digits, as result JSON writes addresses.
    public var lowercaseHex: String { "0x" + bytes.hexString }

    /// `0x` and the EIP-55 mixed-case checksum form, as approvals show addresses: hex digit i is upper
    /// case when nibble i of keccak256(lowercase hex text) is 8 or more.
    public var checksummed: String {
        let lower = Array(bytes.hexString.utf8)
        let hash = Keccak256.hash(lower)
        var out: [UInt8] = Array("0x".utf8)
        out.reserveCapacity(42)
        for (index, character) in lower.enumerated() {
            let nibble = index % 2 == 0 ? hash[index / 2] >> 4 : hash[index / 2] & 0x0F
            if nibble >= 8 && character >= UInt8(ascii: "a") {
                out.append(character - 32)
            } else {
                out.append(character)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
