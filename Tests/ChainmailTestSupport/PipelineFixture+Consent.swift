import AccountEngine

extension PipelineFixture {
    /// The victim of testdata/consent: the identity an AddKey tries to put on mallory's account.
    public static let consentVictim = try! AuthIdentity(
        .oidc(issuer: "https://accounts.google.com", clientId: "chainmail-demo", email: "victim@example.org")
    )
    /// Mallory of testdata/consent, the only identity on mallory's account.
    public static let consentMallory = try! AuthIdentity(
        .oidc(issuer: "https://accounts.google.com", clientId: "chainmail-demo", email: "mallory@evil.example")
    )
}
