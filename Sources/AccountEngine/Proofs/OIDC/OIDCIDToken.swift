import ByteEncoding

/// An ID token in JWS compact serialisation (RFC 7515 §7.1), split and decoded strictly before any
/// key is looked up: three unpadded base64url segments, a JSON header and a JSON claims object,
/// both read by the engine's strict parser (duplicate members refused, so the claims checked are
/// the only reading of the token).
struct OIDCIDToken: Sendable {
    static let maxHeaderBytes = 4 * 1024
    static let maxClaimsBytes = 12 * 1024

    let text: String
    /// The header's `alg`.
    let algorithm: String
    /// The header's `kid`, when it has one.
    let kid: String?
    let claims: JSONObject

    init(_ text: String) throws(EngineError) {
        let segments = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard segments.count == 3 else {
            throw .oidcTokenMalformed("an ID token is three base64url segments separated by dots (JWS compact serialisation)")
        }
        guard let headerBytes = Base64.decode(bytes: segments[0], .urlUnpadded),
            let claimsBytes = Base64.decode(bytes: segments[1], .urlUnpadded),
            Base64.decode(bytes: segments[2], .urlUnpadded) != nil
        else {
            throw .oidcTokenMalformed("an ID token segment is not unpadded base64url in its canonical form")
        }
        let header = try Self.object(headerBytes, maxBytes: Self.maxHeaderBytes, name: "header")
        guard case .string(let algorithm) = header["alg"] else { throw .oidcTokenMalformed("the token header has no string alg") }
        if header["crit"] != nil {
            // RFC 7515 §4.1.11: a recipient must refuse critical extensions it does not understand; we understand none.
            throw .oidcTokenMalformed("the token header has critical extensions (crit), which are not supported")
        }
        switch header["kid"] {
        case nil: self.kid = nil
        case .string(let kid): self.kid = kid
        case .some: throw .oidcTokenMalformed("the token header's kid is not a string")
        }
        self.text = text
        self.algorithm = algorithm
        self.claims = try Self.object(claimsBytes, maxBytes: Self.maxClaimsBytes, name: "claims")
    }

    private static func object(_ bytes: [UInt8], maxBytes: Int, name: String) throws(EngineError) -> JSONObject {
        let value: JSONValue
        do {
            value = try StrictJSONParser(maxBytes: maxBytes, maxDepth: 16).parse(bytes)
        } catch {
            throw .oidcTokenMalformed("the token \(name) is not JSON: \(error.message)")
        }
        guard case .object(let object) = value else { throw .oidcTokenMalformed("the token \(name) is not a JSON object") }
        return object
    }
}
