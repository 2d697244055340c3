import ByteEncoding

extension Array where Element == UInt8 {
    /// Parses hexadecimal text, upper or lower case, two digits a byte, no `0x` prefix and no separators
    /// (`ByteEncoding.Hex.decode`). Returns nil for an odd length or any other character.
    public init?(hex text: some StringProtocol) {
        guard let bytes = Hex.decode(text) else { return nil }
        self = bytes
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hexadecimal, two digits a byte (`ByteEncoding.Hex.encode`).
    public var hexString: String { Hex.encode(self) }
}

extension UInt8 {
    /// The value of a hexadecimal digit, either case; nil for any other byte (`ByteEncoding.Hex.digitValue`).
    package var hexValue: UInt8? { Hex.digitValue(self) }
}
