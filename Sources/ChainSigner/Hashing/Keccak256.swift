/// Keccak-256 as Ethereum uses it: the original Keccak submission with padding 0x01, which differs
/// from FIPS 202 SHA3-256 (padding 0x06) on every input. swift-crypto only ships the FIPS variant.
public enum Keccak256 {
    /// The length of a digest in bytes.
    public static let byteCount = 32

    /// The sponge rate: 1600 bits minus a 512-bit capacity, 136 bytes.
    static let rate = 136

    /// Hashes `bytes` in one call.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable({ hash(buffer: UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(bytes).withUnsafeBytes { hash(buffer: $0) }
    }

    static func hash(buffer: UnsafeRawBufferPointer) -> [UInt8] {
        var state = KeccakState()
        var offset = 0
        while buffer.count - offset >= rate {
            state.absorb(UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + rate)]))
            state.permute()
            offset += rate
        }
        // The last block always exists, even when the input fills whole blocks: padding needs at least one byte.
        withUnsafeTemporaryAllocation(byteCount: rate, alignment: 8) { block in
            block.initializeMemory(as: UInt8.self, repeating: 0)
            let remainder = buffer.count - offset
            if remainder > 0 {
                block.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[offset...]))
            }
            block[remainder] ^= 0x01
            block[rate - 1] ^= 0x80
            state.absorb(UnsafeRawBufferPointer(block))
        }
        state.permute()
        return state.digest()
    }
}

/// The 25-lane Keccak-f[1600] state, lane (x, y) stored as `a{x + 5y}`.
///
/// Lanes are separate stored properties rather than an array so the permutation runs in registers and
/// on the stack, with no allocation or bounds checks inside the 24 rounds.
struct KeccakState {
    var a0: UInt64 = 0
    var a1: UInt64 = 0
    var a2: UInt64 = 0
    var a3: UInt64 = 0
    var a4: UInt64 = 0
    var a5: UInt64 = 0
    var a6: UInt64 = 0
    var a7: UInt64 = 0
    var a8: UInt64 = 0
    var a9: UInt64 = 0
    var a10: UInt64 = 0
    var a11: UInt64 = 0
    var a12: UInt64 = 0
    var a13: UInt64 = 0
    var a14: UInt64 = 0
    var a15: UInt64 = 0
    var a16: UInt64 = 0
    var a17: UInt64 = 0
    var a18: UInt64 = 0
    var a19: UInt64 = 0
    var a20: UInt64 = 0
    var a21: UInt64 = 0
    var a22: UInt64 = 0
    var a23: UInt64 = 0
    var a24: UInt64 = 0

    /// XORs one rate-sized block (136 bytes, 17 little-endian lanes) into the state.
    mutating func absorb(_ block: UnsafeRawBufferPointer) {
        precondition(block.count == Keccak256.rate)
        a0 ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        a1 ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        a2 ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        a3 ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        a4 ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 32, as: UInt64.self))
        a5 ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 40, as: UInt64.self))
        a6 ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 48, as: UInt64.self))
        a7 ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 56, as: UInt64.self))
        a8 ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 64, as: UInt64.self))
        a9 ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 72, as: UInt64.self))
        a10 ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 80, as: UInt64.self))
        a11 ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 88, as: UInt64.self))
        a12 ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 96, as: UInt64.self))
        a13 ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 104, as: UInt64.self))
        a14 ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 112, as: UInt64.self))
        a15 ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 120, as: UInt64.self))
        a16 ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 128, as: UInt64.self))
    }

    /// The first 32 bytes of the state, lanes in little-endian order.
    func digest() -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Keccak256.byteCount)
        output.withUnsafeMutableBytes { bytes in
            bytes.storeBytes(of: a0.littleEndian, toByteOffset: 0, as: UInt64.self)
            bytes.storeBytes(of: a1.littleEndian, toByteOffset: 8, as: UInt64.self)
            bytes.storeBytes(of: a2.littleEndian, toByteOffset: 16, as: UInt64.self)
            bytes.storeBytes(of: a3.littleEndian, toByteOffset: 24, as: UInt64.self)
        }
        return output
    }

    /// Keccak-f[1600]: 24 rounds of θ, ρ, π, χ, ι, each round fully unrolled.
    mutating func permute() {
        var a0 = self.a0
        var a1 = self.a1
        var a2 = self.a2
        var a3 = self.a3
        var a4 = self.a4
        var a5 = self.a5
        var a6 = self.a6
        var a7 = self.a7
        var a8 = self.a8
        var a9 = self.a9
        var a10 = self.a10
        var a11 = self.a11
        var a12 = self.a12
        var a13 = self.a13
        var a14 = self.a14
        var a15 = self.a15
        var a16 = self.a16
        var a17 = self.a17
        var a18 = self.a18
        var a19 = self.a19
        var a20 = self.a20
        var a21 = self.a21
        var a22 = self.a22
        var a23 = self.a23
        var a24 = self.a24
        for roundConstant in KeccakState.roundConstants {
            // θ: column parities, folded into every lane
            let c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20
            let c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21
            let c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22
            let c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23
            let c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24
            let d0 = c4 ^ rotateLeft(c1, 1)
            let d1 = c0 ^ rotateLeft(c2, 1)
            let d2 = c1 ^ rotateLeft(c3, 1)
            let d3 = c2 ^ rotateLeft(c4, 1)
            let d4 = c3 ^ rotateLeft(c0, 1)
            // ρ and π: rotate each lane and move it to its new position
            let b0 = a0 ^ d0
            let b16 = rotateLeft(a5 ^ d0, 36)
            let b7 = rotateLeft(a10 ^ d0, 3)
            let b23 = rotateLeft(a15 ^ d0, 41)
            let b14 = rotateLeft(a20 ^ d0, 18)
            let b10 = rotateLeft(a1 ^ d1, 1)
            let b1 = rotateLeft(a6 ^ d1, 44)
            let b17 = rotateLeft(a11 ^ d1, 10)
            let b8 = rotateLeft(a16 ^ d1, 45)
            let b24 = rotateLeft(a21 ^ d1, 2)
            let b20 = rotateLeft(a2 ^ d2, 62)
            let b11 = rotateLeft(a7 ^ d2, 6)
            let b2 = rotateLeft(a12 ^ d2, 43)
            let b18 = rotateLeft(a17 ^ d2, 15)
            let b9 = rotateLeft(a22 ^ d2, 61)
            let b5 = rotateLeft(a3 ^ d3, 28)
            let b21 = rotateLeft(a8 ^ d3, 55)
            let b12 = rotateLeft(a13 ^ d3, 25)
            let b3 = rotateLeft(a18 ^ d3, 21)
            let b19 = rotateLeft(a23 ^ d3, 56)
            let b15 = rotateLeft(a4 ^ d4, 27)
            let b6 = rotateLeft(a9 ^ d4, 20)
            let b22 = rotateLeft(a14 ^ d4, 39)
            let b13 = rotateLeft(a19 ^ d4, 8)
            let b4 = rotateLeft(a24 ^ d4, 14)
            // χ: the only non-linear step, row by row
            a0 = b0 ^ (~b1 & b2)
            a1 = b1 ^ (~b2 & b3)
            a2 = b2 ^ (~b3 & b4)
            a3 = b3 ^ (~b4 & b0)
            a4 = b4 ^ (~b0 & b1)
            a5 = b5 ^ (~b6 & b7)
            a6 = b6 ^ (~b7 & b8)
            a7 = b7 ^ (~b8 & b9)
            a8 = b8 ^ (~b9 & b5)
            a9 = b9 ^ (~b5 & b6)
            a10 = b10 ^ (~b11 & b12)
            a11 = b11 ^ (~b12 & b13)
            a12 = b12 ^ (~b13 & b14)
            a13 = b13 ^ (~b14 & b10)
            a14 = b14 ^ (~b10 & b11)
            a15 = b15 ^ (~b16 & b17)
            a16 = b16 ^ (~b17 & b18)
            a17 = b17 ^ (~b18 & b19)
            a18 = b18 ^ (~b19 & b15)
            a19 = b19 ^ (~b15 & b16)
            a20 = b20 ^ (~b21 & b22)
            a21 = b21 ^ (~b22 & b23)
            a22 = b22 ^ (~b23 & b24)
            a23 = b23 ^ (~b24 & b20)
            a24 = b24 ^ (~b20 & b21)
            // ι
            a0 ^= roundConstant
        }
        self.a0 = a0
        self.a1 = a1
        self.a2 = a2
        self.a3 = a3
        self.a4 = a4
        self.a5 = a5
        self.a6 = a6
        self.a7 = a7
        self.a8 = a8
        self.a9 = a9
        self.a10 = a10
        self.a11 = a11
        self.a12 = a12
        self.a13 = a13
        self.a14 = a14
        self.a15 = a15
        self.a16 = a16
        self.a17 = a17
        self.a18 = a18
        self.a19 = a19
        self.a20 = a20
        self.a21 = a21
        self.a22 = a22
        self.a23 = a23
        self.a24 = a24
    }

    static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A,
        0x8000_0000_8000_8000, 0x0000_0000_0000_808B, 0x0000_0000_8000_0001,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8009, 0x0000_0000_0000_008A,
        0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089,
        0x8000_0000_0000_8003, 0x8000_0000_0000_8002, 0x8000_0000_0000_0080,
        0x0000_0000_0000_800A, 0x8000_0000_8000_000A, 0x8000_0000_8000_8081,
        0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]
}

@inline(__always)
private func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
    value &<< count | value &>> (64 &- count)
}
