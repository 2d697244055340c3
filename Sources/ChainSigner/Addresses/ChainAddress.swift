import Crypto

/// The addresses a derived key controls on other chains (PROTOCOL.md section 6).
public enum ChainAddress {
    /// The Ethereum address: `0x` and the last 20 bytes of keccak256(X ‖ Y), lowercase.
    public static func evm(_ key: Secp256k1PublicKey) -> String {
        "0x" + Keccak256.hash(key.uncompressed.dropFirst()).suffix(20).hexString
    }

    /// HASH160 = RIPEMD-160(SHA-256(compressed key)), the witness program of P2WPKH.
    public static func bitcoinHash160(_ key: Secp256k1PublicKey) -> [UInt8] {
        RIPEMD160.hash(SHA256.hash(data: key.compressed))
    }

    /// The native SegWit v0 (P2WPKH) address, bech32 over HASH160 of the compressed key: `bc1q…` on mainnet,
    /// `tb1q…` with `humanReadablePart: "tb"`.
    ///
    /// - Precondition: `humanReadablePart` is valid bech32 (see `Bech32.isValidHumanReadablePart`); it comes
    ///   from configuration, which should be checked once at start-up.
    public static func bitcoinP2WPKH(_ key: Secp256k1PublicKey, humanReadablePart: String = "bc") -> String {
        do {
            return try Bech32.encodeSegwitAddress(
                humanReadablePart: humanReadablePart,
                witnessVersion: 0,
                witnessProgram: bitcoinHash160(key)
            )
        } catch {
            preconditionFailure("invalid bech32 human-readable part \(humanReadablePart): \(error)")
        }
    }
}
