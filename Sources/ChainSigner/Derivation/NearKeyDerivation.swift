import CSecp256k1
import Crypto

/// NEAR MPC chain-signature key derivation (near-mpc-crypto-types, kdf.rs), PROTOCOL.md section 6.
///
/// ```
/// tweak   = SHA3-256("near-mpc-recovery v0.1.0 epsilon derivation:" + predecessor + "," + path)
/// derived = rootPublicKey + tweak·G
/// secret  = rootSecret + tweak mod n
/// ```
public enum NearKeyDerivation {
    /// The domain-separation prefix of NEAR's epsilon derivation, byte for byte.
    public static let tweakPrefix = "near-mpc-recovery v0.1.0 epsilon derivation:"

    /// The 32-byte big-endian tweak for `predecessor` (the NEAR account calling the signer) and `path`.
    /// A digest ≥ n is refused rather than reduced, as NEAR does.
    public static func tweak(predecessor: String, path: String) throws -> [UInt8] {
        let input = tweakPrefix + predecessor + "," + path
        let digest = Array(SHA3_256.hash(data: Array(input.utf8)))
        guard Secp256k1.isBelowOrder(digest) else {
            throw ChainSignerError.tweakOutOfRange("the derivation tweak is not below the group order")
        }
        return digest
    }

    /// rootPublicKey + tweak·G.
    public static func derivePublicKey(root: Secp256k1PublicKey, tweak: [UInt8]) throws -> Secp256k1PublicKey {
        try checkTweak(tweak)
        var point = root.point
        guard secp256k1_ec_pubkey_tweak_add(Secp256k1Context.shared.pointer, &point, tweak) == 1 else {
            throw ChainSignerError.derivationFailed("the derived public key is the point at infinity")
        }
        return Secp256k1PublicKey(point: point)
    }

    /// rootSecret + tweak mod n.
    public static func deriveSecret(root: [UInt8], tweak: [UInt8]) throws -> [UInt8] {
        guard Secp256k1.isValidScalar(root) else {
            throw ChainSignerError.invalidSecretKey("a secret key is 32 bytes in 1…n−1")
        }
        try checkTweak(tweak)
        var secret = root
        guard secp256k1_ec_seckey_tweak_add(Secp256k1Context.shared.pointer, &secret, tweak) == 1 else {
            throw ChainSignerError.derivationFailed("the derived secret key is zero")
        }
        return secret
    }

    private static func checkTweak(_ tweak: [UInt8]) throws {
        guard Secp256k1.isBelowOrder(tweak) else {
            throw ChainSignerError.tweakOutOfRange("a tweak is 32 bytes below the group order")
        }
    }
}
