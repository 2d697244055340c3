/// Sends each proof to the verifier for its identity kind, and pre-verified emails to the email
/// verifier. Kinds without a verifier answer `unsupported_identity`.
public struct ProofVerifierRegistry: ProofVerifier {
    private let verifiers: [IdentityKind: any ProofVerifier]
    private var emailVerifier: any ProofVerifier
    /// The OIDC key registry behind the OIDC verifier, when `standard` built one: operators import
    /// keys through it, and the service runs its refresh schedule (`OIDCKeyRegistry.run()`).
    public internal(set) var oidcKeyRegistry: OIDCKeyRegistry?

    /// The verifiers shipped today: EVM personal_sign, and emails pre-verified by MailIngest.
    public init() {
        self.verifiers = [.evm: EVMPersonalSignVerifier()]
        self.emailVerifier = VerifiedEmailVerifier()
    }

    public init(verifiers: [IdentityKind: any ProofVerifier], emailVerifier: any ProofVerifier = VerifiedEmailVerifier()) {
        self.verifiers = verifiers
        self.emailVerifier = emailVerifier
    }

    public func verify(_ proof: ProofInput) async -> ProofVerdict {
        switch proof.evidence {
        case .verifiedEmail:
            return await emailVerifier.verify(proof)
        case .messageSignature:
            guard let verifier = verifiers[proof.identity.kind] else {
                return .refused(.unsupportedIdentity("identities of kind \(proof.identity.kind.rawValue) cannot be proven yet"))
            }
            return await verifier.verify(proof)
        }
    }
}
