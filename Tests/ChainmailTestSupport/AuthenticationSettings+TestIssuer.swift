import AccountEngine

extension AuthenticationSettings {
    /// The issuer and client the peer OIDC provider's tokens name unless a test says otherwise.
    public static let testIssuer = "https://issuer.chainmail.test"
    public static let testClientId = "chainmail-client"
}
