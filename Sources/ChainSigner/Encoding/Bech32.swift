/// Bech32 (BIP-173), bech32m (BIP-350) and the SegWit addresses built on them.
///
/// Decoding accepts witness version 0 (bech32) only: chainmail's own addresses are P2WPKH. Encoding also
/// writes versions 1 to 16 with the bech32m checksum, so an approval can show a Taproot (P2TR) output's
/// address.
public enum Bech32 {
    /// The checksum variant: BIP-173's bech32 (witness version 0) or BIP-350's bech32m (versions 1 to 16).
    public enum Variant: Sendable, Hashable {
        case bech32
        case bech32m

        /// The constant the polymod of a valid string equals (BIP-350).
        var constant: UInt32 {
            switch self {
            case .bech32: 1
            case .bech32m: 0x2bc8_30a3
            }
        }
    }

    static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    static let maximumLength = 90

    /// True for 1 to 83 characters, each printable US-ASCII (33…126) and not upper case, as BIP-173 allows.
    public static func isValidHumanReadablePart(_ text: String) -> Bool {
        let utf8 = text.utf8
        return (1...83).contains(utf8.count)
            && utf8.allSatisfy { (33...126).contains($0) && !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }

    /// Encodes 5-bit values under a human-readable part, with the six-character bech32 (or bech32m) checksum.
    public static func encode(humanReadablePart: String, values: [UInt8], variant: Variant = .bech32) throws -> String {
        guard isValidHumanReadablePart(humanReadablePart) else {
            throw invalid("the human-readable part is 1 to 83 printable lowercase ASCII characters")
        }
        guard values.allSatisfy({ $0 < 32 }) else {
            throw invalid("bech32 values are 5-bit")
        }
        let hrp = Array(humanReadablePart.utf8)
        guard hrp.count + 1 + values.count + 6 <= maximumLength else {
            throw invalid("a bech32 string is at most \(maximumLength) characters")
        }
        let checksum = polymod(expand(hrp) + values + [0, 0, 0, 0, 0, 0]) ^ variant.constant
        let checksumValues = (0..<6).map { UInt8(truncatingIfNeeded: checksum >> (5 * (5 - $0))) & 31 }
        let text = hrp + [UInt8(ascii: "1")] + (values + checksumValues).map { charset[Int($0)] }
        return String(decoding: text, as: UTF8.self)
    }

    /// Decodes a bech32 string into its lowercase human-readable part and 5-bit values (checksum removed).
    /// Refuses mixed case, a bad checksum, characters outside the charset and strings over 90 characters.
    public static func decode(_ text: String) throws -> (humanReadablePart: String, values: [UInt8]) {
        let utf8 = Array(text.utf8)
        guard utf8.count <= maximumLength else {
            throw invalid("a bech32 string is at most \(maximumLength) characters")
        }
        let hasLower = utf8.contains { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
        let hasUpper = utf8.contains { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
        guard !(hasLower && hasUpper) else {
            throw invalid("a bech32 string is all lower or all upper case")
        }
        let lowered = utf8.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 32 : $0 }
        guard let separator = lowered.lastIndex(of: UInt8(ascii: "1")), separator >= 1, lowered.count - separator - 1 >= 6 else {
            throw invalid("a bech32 string has a human-readable part, the separator 1 and at least six data characters")
        }
        let hrp = Array(lowered[..<separator])
        guard hrp.allSatisfy({ (33...126).contains($0) }) else {
            throw invalid("the human-readable part is printable US-ASCII")
        }
        var values = [UInt8]()
        for character in lowered[(separator + 1)...] {
            guard let value = charset.firstIndex(of: character) else {
                throw invalid("a character is outside the bech32 charset")
            }
            values.append(UInt8(value))
        }
        guard polymod(expand(hrp) + values) == 1 else {
            throw invalid("the bech32 checksum does not match")
        }
        return (String(decoding: hrp, as: UTF8.self), Array(values.dropLast(6)))
    }

    /// A SegWit address: the witness version and the witness program regrouped into 5-bit values, with the
    /// bech32 checksum for version 0 and bech32m for versions 1 to 16 (BIP-350). Version 0 programs are 20
    /// or 32 bytes, later versions 2 to 40 bytes.
    public static func encodeSegwitAddress(humanReadablePart: String, witnessVersion: UInt8, witnessProgram: [UInt8]) throws -> String {
        guard witnessVersion <= 16 else {
            throw invalid("a witness version is 0 to 16")
        }
        if witnessVersion == 0 {
            try checkWitness(version: witnessVersion, program: witnessProgram)
        } else {
            guard (2...40).contains(witnessProgram.count) else {
                throw invalid("a witness program is 2 to 40 bytes")
            }
        }
        // Padded regrouping from 8 to 5 bits never fails.
        let values = [witnessVersion] + (regroup(witnessProgram, from: 8, to: 5, pad: true) ?? [])
        return try encode(humanReadablePart: humanReadablePart, values: values, variant: witnessVersion == 0 ? .bech32 : .bech32m)
    }

    /// Decodes a SegWit version 0 address with the expected human-readable part.
    public static func decodeSegwitAddress(
        _ address: String,
        humanReadablePart: String
    ) throws -> (witnessVersion: UInt8, witnessProgram: [UInt8]) {
        let (hrp, values) = try decode(address)
        guard hrp == humanReadablePart else {
            throw invalid("the address is for \(hrp), not \(humanReadablePart)")
        }
        guard let version = values.first, let program = regroup(values.dropFirst(), from: 5, to: 8, pad: false) else {
            throw invalid("the witness program is not a whole number of bytes")
        }
        try checkWitness(version: version, program: program)
        return (version, program)
    }

    private static func checkWitness(version: UInt8, program: [UInt8]) throws {
        guard version == 0 else {
            throw invalid("only witness version 0 (bech32) is supported")
        }
        guard program.count == 20 || program.count == 32 else {
            throw invalid("a version 0 witness program is 20 or 32 bytes")
        }
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        let generators: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = (checksum & 0x1ff_ffff) << 5 ^ UInt32(value)
            for (bit, generator) in generators.enumerated() where (top >> bit) & 1 == 1 {
                checksum ^= generator
            }
        }
        return checksum
    }

    private static func expand(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    /// Regroups bits (8 to 5 or 5 to 8). Without padding, leftover bits must be fewer than `from` and zero.
    private static func regroup(_ values: some Sequence<UInt8>, from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var accumulator = 0
        var bits = 0
        var output = [UInt8]()
        let mask = (1 << to) - 1
        for value in values {
            guard Int(value) >> from == 0 else { return nil }
            accumulator = accumulator << from | Int(value)
            bits += from
            while bits >= to {
                bits -= to
                output.append(UInt8((accumulator >> bits) & mask))
            }
            accumulator &= (1 << bits) - 1
        }
        if pad {
            if bits > 0 { output.append(UInt8((accumulator << (to - bits)) & mask)) }
        } else if bits >= from || (accumulator << (to - bits)) & mask != 0 {
            return nil
        }
        return output
    }

    private static func invalid(_ message: String) -> ChainSignerError {
        .invalidAddress(message)
    }
}
