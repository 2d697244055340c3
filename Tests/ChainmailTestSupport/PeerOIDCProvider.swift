import AccountEngine
import Foundation

/// An OIDC provider in PyJWT with an RSA key only the test holds (scripts/peers/oidc_issuer.py).
public struct PeerOIDCProvider: Sendable {
    public let privateKeyPem: String
    public let kid: String
    public let jwks: JSONValue

    public static func make(kid: String = "peer-key-1", privateKeyPem: String? = nil) async throws -> PeerOIDCProvider {
        var request: [JSONObject.Member] = [JSONObject.Member(key: "kid", value: .string(kid))]
        if let privateKeyPem { request.append(JSONObject.Member(key: "privateKeyPem", value: .string(privateKeyPem))) }
        let answer = try await PythonPeer.run("oidc_issuer.py", input: .object(JSONObject(request)))
        return PeerOIDCProvider(privateKeyPem: answer["privateKeyPem"]?.string ?? "", kid: kid, jwks: answer["jwks"] ?? .null)
    }

    public var jwksBytes: [UInt8] { jwks.compactBytes }

    /// Standard claims for `txHash`, issued now, valid an hour; `overrides` replace or add members.
    public static func claims(
        txHash: String,
        issuer: String = AuthenticationSettings.testIssuer,
        audience: JSONValue = .string(AuthenticationSettings.testClientId),
        email: String = "alice@example.com",
        now: Date = Date(),
        overrides: [String: JSONValue] = [:]
    ) -> JSONValue {
        let issuedAt = UInt64(now.timeIntervalSince1970)
        var members: [String: JSONValue] = [
            "iss": .string(issuer),
            "aud": audience,
            "sub": .string("alice-0001"),
            "email": .string(email),
            "email_verified": .bool(true),
            "nonce": .string(txHash),
            "iat": .integer(issuedAt),
            "exp": .integer(issuedAt + 3600),
        ]
        for (key, value) in overrides { members[key] = value }
        return .object(JSONObject(members.sorted { $0.key < $1.key }.map { JSONObject.Member(key: $0.key, value: $0.value) }))
    }

    /// Signs each claims object; `alg` "HS256-with-public-key" makes the algorithm-confusion forgery.
    public func sign(_ claims: [JSONValue], alg: String = "RS256", kid: String? = nil) async throws -> [String] {
        let tokens: [JSONValue] = claims.map { .object(["claims": $0, "alg": .string(alg), "kid": .string(kid ?? self.kid)]) }
        let answer = try await PythonPeer.run(
            "oidc_issuer.py",
            input: .object(["privateKeyPem": .string(privateKeyPem), "kid": .string(self.kid), "tokens": .array(tokens)])
        )
        return answer["tokens"]?.array.compactMap(\.string) ?? []
    }

    public func sign(_ claims: JSONValue, alg: String = "RS256", kid: String? = nil) async throws -> String {
        try await sign([claims], alg: alg, kid: kid)[0]
    }
}
