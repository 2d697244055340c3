import AccountEngine

extension AuthIdentity {
    /// The email of an OIDC identity (normalised), which a DKIM-signed mail from that address proves.
    var oidcEmail: String? {
        guard case .oidc(_, _, let email) = value else { return nil }
        return email
    }
}
