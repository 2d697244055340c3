import Foundation

/// OIDC identities proven by an ID token (section 4). The signature is checked with jwt-kit
/// against the key the issuer's registry holds for the token's kid, with the algorithm that key
/// is registered for (RS256 or ES256); the header's `alg` must name that same algorithm, and
/// `none` and HMAC algorithms are refused before any key is looked at. The claims are then read
/// from the strictly parsed token: `iss`, `aud`/`azp`, `exp`/`iat`/`nbf` with a 60 s skew,
/// `nonce` = txHash, and `email` with `email_verified`.
///
/// `email_verified` must be the JSON boolean `true`. The string `"true"`, which a few providers
/// have sent, is refused (`oidc_email_unverified`): the claim is a boolean in OIDC Core §5.1, and
/// accepting strings would invite `"True"`, `"1"` and friends.
public struct OIDCIDTokenVerifier: ProofVerifier {
    public static let clockSkew: TimeInterval = 60
    static let acceptedAlgorithms: Set<String> = ["RS256", "ES256"]

    public let keys: OIDCKeyRegistry

    public init(keys: OIDCKeyRegistry) {
        self.keys = keys
    }

    public func verify(_ proof: ProofInput) async -> ProofVerdict {
        guard case .oidc(let issuer, let clientId, let email) = proof.identity.value else {
            return .refused(.unsupportedIdentity("the OIDC verifier checks only OIDC identities"))
        }
        guard let text = proof.messageSignature else {
            return .refused(.oidcTokenMalformed("an OIDC identity is proven by an ID token in messageSignature"))
        }
        do {
            let token = try OIDCIDToken(text)
            guard Self.acceptedAlgorithms.contains(token.algorithm) else {
                throw EngineError.oidcAlgorithmRefused("alg \(quoted(token.algorithm)) is refused; ID tokens are verified only as RS256 or ES256")
            }
            guard let kid = token.kid else { throw EngineError.oidcKidUnknown("the token header names no kid") }
            let key = try await keys.signingKey(issuer: issuer, kid: kid).get()
            guard token.algorithm == key.algorithm.rawValue else {
                throw EngineError.oidcAlgorithmRefused(
                    "the token says alg \(quoted(token.algorithm)) but key \(quoted(kid)) is registered for \(key.algorithm.rawValue)"
                )
            }
            guard await key.verifiesSignature(of: token.text) else { throw EngineError.oidcSignatureInvalid }
            try Self.checkClaims(
                token.claims,
                issuer: issuer,
                clientId: clientId,
                email: email,
                txHash: proof.txHash.hexString,
                now: proof.now.timeIntervalSince1970
            )
        } catch let error as EngineError {
            return .refused(error)
        } catch {
            return .refused(.oidcTokenMalformed("\(error)"))
        }
        return .valid
    }

    /// The claim rules of section 4, in a fixed order; `txHash` is lowercase hex.
    static func checkClaims(
        _ claims: JSONObject,
        issuer: String,
        clientId: String,
        email: String,
        txHash: String,
        now: TimeInterval
    ) throws(EngineError) {
        guard case .string(let iss) = claims["iss"] else { throw .oidcIssuerMismatch("(missing)") }
        guard iss.utf8.elementsEqual(issuer.utf8) else { throw .oidcIssuerMismatch(iss) }

        try checkAudience(claims, clientId: clientId)

        let expires = try numericDate(claims, "exp")
        guard now < expires + clockSkew else {
            throw .oidcExpired("the token expired at \(Int(expires)); now is \(Int(now)) (60 s of skew allowed)")
        }
        let issued = try numericDate(claims, "iat")
        guard issued <= now + clockSkew else {
            throw .oidcIssuedInFuture("the token was issued at \(Int(issued)), after now \(Int(now)) plus 60 s of skew")
        }
        if claims["nbf"] != nil {
            let notBefore = try numericDate(claims, "nbf")
            guard notBefore <= now + clockSkew else { throw .oidcNotYetValid("the token is not valid before \(Int(notBefore))") }
        }

        guard case .string(let nonce) = claims["nonce"], asciiLowercased(nonce) == txHash else { throw .oidcNonceMismatch }

        guard case .string(let claimedEmail) = claims["email"] else { throw .oidcEmailMismatch("the token has no string email claim") }
        guard let normalised = try? AuthIdentity.normaliseEmail(claimedEmail), normalised == email else {
            throw .oidcEmailMismatch("the token's email \(quoted(claimedEmail)) is not the identity's email")
        }
        switch claims["email_verified"] {
        case .bool(true): break
        case .bool(false): throw .oidcEmailUnverified("the provider says the email is not verified (email_verified false)")
        case nil: throw .oidcEmailUnverified("the token has no email_verified claim")
        case .some(let other):
            throw .oidcEmailUnverified("email_verified is a \(other.typeName), not the boolean true (strings such as \"true\" are refused)")
        }
    }

    /// `aud` is clientId, or an array holding it; an array of several audiences also needs
    /// `azp` = clientId (OIDC Core §3.1.3.7), and an `azp` that is present must be clientId.
    static func checkAudience(_ claims: JSONObject, clientId: String) throws(EngineError) {
        let audiences: [String]
        switch claims["aud"] {
        case .string(let audience): audiences = [audience]
        case .array(let values):
            audiences = try values.map { value throws(EngineError) in
                guard case .string(let audience) = value else { throw .oidcAudienceMismatch("aud holds a \(value.typeName), not only strings") }
                return audience
            }
        case nil: throw .oidcAudienceMismatch("the token has no aud claim")
        case .some(let other): throw .oidcAudienceMismatch("aud is a \(other.typeName), not a string or an array of strings")
        }
        guard audiences.contains(where: { $0.utf8.elementsEqual(clientId.utf8) }) else {
            throw .oidcAudienceMismatch("the token is for another client (aud does not hold \(quoted(clientId)))")
        }
        switch claims["azp"] {
        case nil:
            guard audiences.count == 1 else {
                throw .oidcAuthorizedPartyMismatch("aud names \(audiences.count) clients and there is no azp naming \(quoted(clientId))")
            }
        case .string(let azp):
            guard azp.utf8.elementsEqual(clientId.utf8) else {
                throw .oidcAuthorizedPartyMismatch("azp \(quoted(azp)) is not the client \(quoted(clientId))")
            }
        case .some(let other):
            throw .oidcAuthorizedPartyMismatch("azp is a \(other.typeName), not a string")
        }
    }

    private static func numericDate(_ claims: JSONObject, _ name: String) throws(EngineError) -> TimeInterval {
        guard case .number(let number) = claims[name], number.value.isFinite else {
            throw .oidcTokenMalformed("the token's \(name) claim is missing or not a number (NumericDate)")
        }
        return number.value
    }

    private static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
