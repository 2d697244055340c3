/// An unsigned 256-bit integer: the width of every EVM amount (wei, token units, fees).
///
/// Four 64-bit limbs, most significant first in meaning (`limb3` is the top); value semantics, no
/// allocation. Only what chain transactions need: parsing and printing decimal and big-endian bytes,
/// comparison and checked multiplication, so every amount shown or signed is exact.
public struct UInt256: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The least significant limb (bits 0…63).
    var limb0: UInt64
    /// Bits 64…127.
    var limb1: UInt64
    /// Bits 128…191.
    var limb2: UInt64
    /// The most significant limb (bits 192…255).
    var limb3: UInt64

    init(limb3: UInt64, limb2: UInt64, limb1: UInt64, limb0: UInt64) {
        self.limb0 = limb0
        self.limb1 = limb1
        self.limb2 = limb2
        self.limb3 = limb3
    }

    /// 0.
    public static let zero = UInt256(0)

    /// 2^256 − 1.
    public static let max = UInt256(limb3: .max, limb2: .max, limb1: .max, limb0: .max)

    /// The value of a 64-bit integer.
    public init(_ value: UInt64) {
        self.init(limb3: 0, limb2: 0, limb1: 0, limb0: value)
    }

    /// The limbs least significant first.
    var limbs: [UInt64] { [limb0, limb1, limb2, limb3] }

    /// From limbs least significant first (exactly four).
    init(limbs: [UInt64]) {
        self.init(limb3: limbs[3], limb2: limbs[2], limb1: limbs[1], limb0: limbs[0])
    }

    /// Whether the value is 0.
    public var isZero: Bool { limb0 | limb1 | limb2 | limb3 == 0 }

    /// The value as a `UInt64` when it fits, else nil.
    public var uint64Value: UInt64? { limb1 | limb2 | limb3 == 0 ? limb0 : nil }

    public static func < (lhs: UInt256, rhs: UInt256) -> Bool {
        (lhs.limb3, lhs.limb2, lhs.limb1, lhs.limb0) < (rhs.limb3, rhs.limb2, rhs.limb1, rhs.limb0)
    }

    /// The decimal digits (`decimalString`).
    public var description: String { decimalString }
}
