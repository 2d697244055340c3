import AccountEngine

/// The operator-push side of the OIDC key registry: PUT /v1/oidc/{issuer}/keys hands it a JWKS.
/// An answer is the JSON the route returns (the kids registered and those skipped).
public protocol OIDCOperatorKeys: Sendable {
    func importOperatorJWKS(_ jwks: [UInt8], issuer: String) async throws(EngineError) -> JSONValue
}
