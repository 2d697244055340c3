import Crypto

/// The hash of the canonicalized header data, kept as swift-crypto's digest type because RSA
/// verification takes a digest, not bytes.
enum HeaderDigest: Sendable {
    case sha256(SHA256Digest)
    case sha1(Insecure.SHA1Digest)

    static func compute(_ data: [UInt8], algorithm: DKIMAlgorithm) -> HeaderDigest {
        switch algorithm {
        case .rsaSHA1: .sha1(Insecure.SHA1.hash(data: data))
        case .rsaSHA256, .ed25519SHA256: .sha256(SHA256.hash(data: data))
        }
    }

    var bytes: [UInt8] {
        switch self {
        case .sha256(let digest): Array(digest)
        case .sha1(let digest): Array(digest)
        }
    }
}
