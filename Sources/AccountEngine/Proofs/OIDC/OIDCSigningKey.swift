import ByteEncoding
import Crypto
import JWTKit

/// One issuer key the registry trusts: its kid, the one algorithm it verifies (fixed by the key,
/// never by a token's header), and the public JWK it was built from.
public struct OIDCSigningKey: Sendable {
    public enum Algorithm: String, Sendable, Hashable {
        case rs256 = "RS256"
        case es256 = "ES256"
    }

    enum Material: Sendable {
        case rsa(JWTKit.Insecure.RSA.PublicKey)
        case p256(ES256PublicKey)
    }

    public static let minimumRSABits = 2048
    public static let maximumRSABits = 8192

    public let kid: String
    public let algorithm: Algorithm
    /// The public members only (`kty`, `kid`, `use`, `alg`, `n`/`e` or `crv`/`x`/`y`), as
    /// canonical JSON text: what the store keeps.
    public let jwk: String
    let material: Material

    /// Reads one JWK of a key set. Returns the reason it is not usable instead of throwing, so the
    /// caller can skip it and keep the rest of the set.
    static func parse(_ value: JSONValue) -> Result<OIDCSigningKey, SkippedKey> {
        guard case .object(let object) = value else { return .failure(SkippedKey(kid: nil, reason: "not a JSON object")) }
        let kid = object["kid"]?.stringValue
        func skip(_ reason: String) -> Result<OIDCSigningKey, SkippedKey> { .failure(SkippedKey(kid: kid, reason: reason)) }

        guard let kid, !kid.isEmpty, kid.utf8.count <= 256 else { return skip("no kid (a token could not name it)") }
        if let use = object["use"] {
            guard use == .string("sig") else { return skip("use is not \"sig\"") }
        }
        if let keyOps = object["key_ops"] {
            guard case .array(let operations) = keyOps, operations.contains(.string("verify")) else {
                return skip("key_ops does not allow \"verify\"")
            }
        }
        for privateMember in ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] where object[privateMember] != nil {
            return skip("it holds private key material (\(privateMember)); only public keys are registered")
        }
        guard case .string(let kty) = object["kty"] else { return skip("no kty") }
        let declaredAlgorithm = object["alg"]
        switch kty {
        case "RSA":
            guard declaredAlgorithm == nil || declaredAlgorithm == .string("RS256") else { return skip("an RSA key is accepted only for RS256") }
            guard case .string(let n) = object["n"], case .string(let e) = object["e"],
                let modulus = Base64.decode(n, .urlUnpadded), let exponent = Base64.decode(e, .urlUnpadded)
            else { return skip("n and e must be unpadded base64url") }
            guard modulus.first != 0, (minimumRSABits...maximumRSABits).contains(modulus.count * 8 - (modulus.first?.leadingZeroBitCount ?? 8))
            else { return skip("the RSA modulus must be \(minimumRSABits) to \(maximumRSABits) bits, without leading zero bytes") }
            guard (1...4).contains(exponent.count), exponent.first != 0, exponent.last! & 1 == 1, exponent != [1] else {
                return skip("the RSA exponent must be an odd integer above 1 of at most 32 bits")
            }
            guard let key = try? JWTKit.Insecure.RSA.PublicKey(modulus: n, exponent: e) else { return skip("the RSA key does not load") }
            let jwk = JSONValue.object([
                "kty": .string("RSA"), "kid": .string(kid), "use": .string("sig"), "alg": .string("RS256"), "n": .string(n), "e": .string(e),
            ])
            return .success(OIDCSigningKey(kid: kid, algorithm: .rs256, jwk: jwk.canonicalText, material: .rsa(key)))
        case "EC":
            guard declaredAlgorithm == nil || declaredAlgorithm == .string("ES256") else { return skip("an EC key is accepted only for ES256") }
            guard object["crv"] == .string("P-256") else { return skip("an EC key must be on P-256") }
            guard case .string(let x) = object["x"], case .string(let y) = object["y"],
                let xBytes = Base64.decode(x, .urlUnpadded), let yBytes = Base64.decode(y, .urlUnpadded),
                xBytes.count == 32, yBytes.count == 32
            else { return skip("x and y must be the unpadded base64url of 32 bytes each") }
            guard let key = try? ES256PublicKey(parameters: (x: x, y: y)) else { return skip("the point is not on P-256") }
            let jwk = JSONValue.object([
                "kty": .string("EC"), "kid": .string(kid), "use": .string("sig"), "alg": .string("ES256"), "crv": .string("P-256"), "x": .string(x),
                "y": .string(y),
            ])
            return .success(OIDCSigningKey(kid: kid, algorithm: .es256, jwk: jwk.canonicalText, material: .p256(key)))
        default:
            return skip("kty \(quoted(kty)) is not RSA or EC")
        }
    }

    /// Checks the signature of a compact JWS with jwt-kit, with this one key in the collection: a
    /// collection that held others would fall back to its default key for a kid it lacks.
    func verifiesSignature(of token: String) async -> Bool {
        let collection = JWTKeyCollection()
        let identifier = JWKIdentifier(string: kid)
        switch material {
        case .rsa(let key): await collection.add(rsa: key, digestAlgorithm: .sha256, kid: identifier)
        case .p256(let key): await collection.add(ecdsa: key, kid: identifier)
        }
        do {
            _ = try await collection.verify(token, as: SignatureOnlyPayload.self)
            return true
        } catch {
            return false
        }
    }
}

/// A JWK left out of a key set, and why.
public struct SkippedKey: Error, Sendable, Hashable, CustomStringConvertible {
    public let kid: String?
    public let reason: String

    public var description: String { "\(kid.map { "kid \(quoted($0))" } ?? "a key without kid"): \(reason)" }
}

/// jwt-kit decodes a payload type after checking the signature; the claims are read by the
/// verifier with the engine's strict parser instead, so this type takes nothing from it.
private struct SignatureOnlyPayload: JWTPayload {
    init(from decoder: any Decoder) throws {}
    func encode(to encoder: any Encoder) throws {}
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
