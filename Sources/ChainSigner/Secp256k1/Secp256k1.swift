import CSecp256k1

/// secp256k1 operations that need no secret: recovery and scalar range checks.
public enum Secp256k1 {
    /// The group order n, big-endian.
    public static let order: [UInt8] = [UInt8](hex: "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")!

    /// ⌊n / 2⌋, big-endian: the largest `s` of a low-s signature.
    public static let halfOrder: [UInt8] = [UInt8](hex: "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0")!

    /// Recovers the public key that produced `signature` over the 32-byte `digest`.
    ///
    /// High-s signatures are recovered like any other: callers that must refuse malleable signatures
    /// (EVM wallet proofs) check `isLowS` themselves.
    public static func recover(digest: [UInt8], signature: RecoverableSignature) throws -> Secp256k1PublicKey {
        guard digest.count == 32 else {
            throw ChainSignerError.invalidPayload("a digest is 32 bytes, got \(digest.count)")
        }
        guard signature.r.count == 32, signature.s.count == 32 else {
            throw ChainSignerError.invalidSignature("r and s are 32 bytes each")
        }
        guard signature.v <= 1 else {
            throw ChainSignerError.invalidSignature("the recovery id v is 0 or 1, got \(signature.v)")
        }
        let context = Secp256k1Context.shared.pointer
        var parsed = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(context, &parsed, signature.r + signature.s, Int32(signature.v)) == 1
        else {
            throw ChainSignerError.invalidSignature("r or s is not below the group order")
        }
        var point = secp256k1_pubkey()
        guard secp256k1_ecdsa_recover(context, &point, &parsed, digest) == 1 else {
            throw ChainSignerError.invalidSignature("no public key recovers from this signature")
        }
        return Secp256k1PublicKey(point: point)
    }

    /// True when `s` is 32 bytes with 1 ≤ s ≤ n/2, the only form chainmail signs or accepts from wallets.
    public static func isLowS(_ s: [UInt8]) -> Bool {
        guard s.count == 32, s.contains(where: { $0 != 0 }) else { return false }
        return !halfOrder.lexicographicallyPrecedes(s)
    }

    /// True when `bytes` is 32 bytes with 0 < x < n: a valid secret key or nonzero tweak.
    public static func isValidScalar(_ bytes: [UInt8]) -> Bool {
        bytes.contains(where: { $0 != 0 }) && isBelowOrder(bytes)
    }

    /// True when `bytes` is 32 bytes with x < n (zero included): a valid payload to sign or tweak.
    public static func isBelowOrder(_ bytes: [UInt8]) -> Bool {
        bytes.count == 32 && bytes.lexicographicallyPrecedes(order)
    }
}
