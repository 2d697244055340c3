import AccountEngine

/// The registry takes an operator's JWKS as an `operatorImport` (kept in the store beside fetched
/// keys, never replaced by a later fetch); the route answers what was registered and what was left out.
extension OIDCKeyRegistry: OIDCOperatorKeys {
    public func importOperatorJWKS(_ jwks: [UInt8], issuer: String) async throws(EngineError) -> JSONValue {
        try await importJWKS(jwks, issuer: issuer).json
    }
}
