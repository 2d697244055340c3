/// A JSON Web Key Set (RFC 7517 §5) filtered to the keys chainmail can trust for ID tokens:
/// `use` = `sig` (or absent), RSA keys for RS256 of 2048 bits or more and P-256 keys for ES256,
/// each with a kid. Anything else is skipped with its reason rather than failing the whole set,
/// so one exotic key a provider adds does not stop every login. A kid that appears twice is
/// ambiguous and both are skipped.
public struct OIDCKeySet: Sendable {
    public static let maxBytes = 512 * 1024
    public static let maxKeys = 100

    public let keys: [OIDCSigningKey]
    public let skipped: [SkippedKey]

    public init(jwks bytes: [UInt8]) throws(EngineError) {
        let json: JSONValue
        do {
            json = try StrictJSONParser(maxBytes: Self.maxBytes, maxDepth: 8).parse(bytes)
        } catch {
            throw .oidcJWKSInvalid("the key set is not JSON: \(error.message)")
        }
        guard case .object(let object) = json, case .array(let entries) = object["keys"] else {
            throw .oidcJWKSInvalid("a JWKS is an object with a \"keys\" array")
        }
        guard entries.count <= Self.maxKeys else { throw .oidcJWKSInvalid("the key set holds more than \(Self.maxKeys) keys") }
        var usable: [OIDCSigningKey] = []
        var skipped: [SkippedKey] = []
        for entry in entries {
            switch OIDCSigningKey.parse(entry) {
            case .success(let key): usable.append(key)
            case .failure(let reason): skipped.append(reason)
            }
        }
        var counts: [String: Int] = [:]
        for entry in entries {
            if let kid = entry.objectValue?["kid"]?.stringValue { counts[kid, default: 0] += 1 }
        }
        for key in usable where counts[key.kid, default: 0] > 1 {
            skipped.append(SkippedKey(kid: key.kid, reason: "the kid appears more than once in the set"))
        }
        self.keys = usable.filter { counts[$0.kid, default: 0] == 1 }
        self.skipped = skipped
    }
}
