/// Borsh (borsh.io) serialisation, only the parts NEAR transactions use: little-endian integers,
/// length-prefixed strings and byte vectors, fixed arrays and enum tags.
package struct BorshWriter: Sendable {
    /// The bytes written so far.
    package private(set) var bytes: [UInt8] = []

    package init() {}

    /// One byte, as a `u8` or an enum variant's index.
    package mutating func write(_ value: UInt8) { bytes.append(value) }

    /// A `u32`, little-endian.
    package mutating func write(_ value: UInt32) { writeLittleEndian(value) }

    /// A `u64`, little-endian.
    package mutating func write(_ value: UInt64) { writeLittleEndian(value) }

    /// A `u128`, little-endian: the low half, then the high half.
    package mutating func write(_ value: YoctoNEAR) {
        writeLittleEndian(value.low)
        writeLittleEndian(value.high)
    }

    /// A `String`: the u32 byte length, then the UTF-8 bytes.
    package mutating func write(_ value: String) { write(bytes: Array(value.utf8)) }

    /// A `Vec<u8>`: the u32 length, then the bytes.
    package mutating func write(bytes value: [UInt8]) {
        precondition(value.count <= UInt32.max, "borsh lengths are u32")
        write(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    /// A fixed-size array `[u8; N]`: the bytes alone, no length.
    package mutating func write(fixed value: [UInt8]) { bytes.append(contentsOf: value) }

    /// A `Vec<T>`: the u32 count, then each element as `body` writes it.
    package mutating func write<Element>(_ elements: [Element], each body: (inout BorshWriter, Element) -> Void) {
        precondition(elements.count <= UInt32.max, "borsh lengths are u32")
        write(UInt32(elements.count))
        for element in elements { body(&self, element) }
    }

    private mutating func writeLittleEndian<T: FixedWidthInteger>(_ value: T) {
        var remaining = value
        for _ in 0..<(T.bitWidth / 8) {
            bytes.append(UInt8(truncatingIfNeeded: remaining))
            remaining >>= 8
        }
    }
}
