import Crypto
import _CryptoExtras

/// A key loaded from `p=`, ready to verify.
enum DKIMPublicKey: Sendable {
    case rsa(_RSA.Signing.PublicKey, bits: Int)
    case legacyRSA(LegacyRSAPublicKey)
    case ed25519(Curve25519.Signing.PublicKey)

    /// Keys above this take too long to verify to accept from strangers (RFC 8301 asks for up to 4096).
    static let maximumRSABits = 8192

    var bits: Int {
        switch self {
        case .rsa(_, let bits): bits
        case .legacyRSA(let key): key.components.bits
        case .ed25519: 256
        }
    }

    static func load(type: String, bytes: [UInt8]) -> Result<DKIMPublicKey, DKIMReason> {
        switch type {
        case "rsa":
            guard let components = RSAPublicKeyComponents(der: bytes) else {
                return .failure(.keySyntax("p= is not an RSA public key (SubjectPublicKeyInfo or PKCS#1)"))
            }
            let bits = components.bits
            guard bits <= maximumRSABits else { return .failure(.keyTooLarge(bits)) }
            guard bits >= 1024 else { return .success(.legacyRSA(LegacyRSAPublicKey(components: components))) }
            guard let key = try? _RSA.Signing.PublicKey(unsafeDERRepresentation: bytes) else {
                return .failure(.keySyntax("p= could not be loaded as an RSA key"))
            }
            return .success(.rsa(key, bits: bits))
        case "ed25519":
            // RFC 8463 3.4: the bare 32-byte key, not a SubjectPublicKeyInfo.
            guard bytes.count == 32, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes) else {
                return .failure(.keySyntax("p= is not a raw 32-byte ed25519 key"))
            }
            return .success(.ed25519(key))
        default:
            return .failure(.keyUnusable("key type k=\(type) is not supported"))
        }
    }

    /// Verifies a signature over the header hash. For ed25519 the signed message is the SHA-256
    /// hash itself (RFC 8463 3); for RSA it is the PKCS#1 v1.5 encoding of that hash.
    func isValidSignature(_ signature: [UInt8], headerDigest: HeaderDigest, algorithm: DKIMAlgorithm) -> Bool {
        switch (self, headerDigest) {
        case (.ed25519(let key), _):
            return key.isValidSignature(signature, for: headerDigest.bytes)
        case (.legacyRSA(let key), _):
            return key.isValidSignature(signature, digest: headerDigest.bytes, algorithm: algorithm)
        case (.rsa(let key, _), .sha256(let digest)):
            return key.isValidSignature(.init(rawRepresentation: signature), for: digest, padding: .insecurePKCS1v1_5)
        case (.rsa(let key, _), .sha1(let digest)):
            return key.isValidSignature(.init(rawRepresentation: signature), for: digest, padding: .insecurePKCS1v1_5)
        }
    }
}
