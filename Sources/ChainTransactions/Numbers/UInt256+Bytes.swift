extension UInt256 {
    /// The value of at most 32 big-endian bytes (leading zeros allowed); nil for more than 32.
    public init?(bigEndian bytes: some Collection<UInt8>) {
        guard bytes.count <= 32 else { return nil }
        var limbs: [UInt64] = [0, 0, 0, 0]
        for (offset, byte) in bytes.reversed().enumerated() {
            limbs[offset / 8] |= UInt64(byte) << (8 * UInt64(offset % 8))
        }
        self.init(limbs: limbs)
    }

    /// The 32 big-endian bytes of the value (an ABI word).
    public var bigEndianBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for limb in [limb3, limb2, limb1, limb0] {
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: limb >> UInt64(shift)))
            }
        }
        return bytes
    }

    /// The big-endian bytes without leading zeros, as RLP writes an integer; zero is no bytes.
    public var minimalBigEndianBytes: [UInt8] {
        Array(bigEndianBytes.drop(while: { $0 == 0 }))
    }
}
