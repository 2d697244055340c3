/// The signing algorithms of RFC 6376 and RFC 8463 (`a=`).
public enum DKIMAlgorithm: String, Sendable, Hashable, Codable {
    case rsaSHA256 = "rsa-sha256"
    case rsaSHA1 = "rsa-sha1"
    case ed25519SHA256 = "ed25519-sha256"

    /// The key type (`k=`) this algorithm needs.
    var keyType: String {
        switch self {
        case .rsaSHA256, .rsaSHA1: "rsa"
        case .ed25519SHA256: "ed25519"
        }
    }

    /// The hash name as a key record's `h=` lists it.
    var hashName: String {
        switch self {
        case .rsaSHA256, .ed25519SHA256: "sha256"
        case .rsaSHA1: "sha1"
        }
    }
}

/// `simple` or `relaxed` (RFC 6376 3.4).
public enum DKIMCanonicalization: String, Sendable, Hashable, Codable {
    case simple
    case relaxed
}
