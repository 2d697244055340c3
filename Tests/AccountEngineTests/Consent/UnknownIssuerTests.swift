import AccountEngine
import ChainSigner
import ChainmailTestSupport
import Foundation
import Testing

/// Issue 10: a token naming a made-up issuer used to leave a cache entry for good.
@Suite("unknown OIDC issuers leave nothing behind in the key registry")
struct UnknownIssuerTests {
    @Test("2,000 ID tokens naming made-up issuers are refused with oidc_issuer_unknown and leave cachedIssuerCount unchanged")
    func madeUpIssuers() async throws {
        let fixture = try await ConsentFixture.make()
        defer { fixture.removeFiles() }
        let registry = fixture.auth.oidcKeys
        // The configured issuer, once used, is held.
        let known = try ConsentFixture.oidcIdentity("alice@example.com")
        let txHash = [UInt8](repeating: 0x5a, count: 32)
        let knownProof = try await fixture.provider.approval(of: known, txHash: txHash.hexString)
        let knownVerdict = await fixture.auth.verifiers.verify(
            ProofInput(identity: known, message: "", evidence: knownProof.evidence, txHash: txHash, now: Date())
        )
        #expect(knownVerdict.isValid)
        let before = await registry.cachedIssuerCount
        #expect(before >= 1)

        let identities = try (0..<2_000).map { index in
            try AuthIdentity(.oidc(issuer: "https://made-up-\(index).example", clientId: "client", email: "user\(index)@example.com"))
        }
        let claims: [JSONValue] = identities.map { identity in
            guard case .oidc(let issuer, let clientId, let email) = identity.value else { return .null }
            return PeerOIDCProvider.claims(txHash: txHash.hexString, issuer: issuer, audience: .string(clientId), email: email)
        }
        let tokens = try await fixture.provider.sign(claims)
        #expect(tokens.count == 2_000)
        var codes: [String: Int] = [:]
        for (identity, token) in zip(identities, tokens) {
            let verdict = await fixture.auth.verifiers.verify(
                ProofInput(identity: identity, message: "", evidence: .messageSignature(token), txHash: txHash, now: Date())
            )
            codes[verdict.refusalCode ?? "accepted", default: 0] += 1
        }
        #expect(codes == ["oidc_issuer_unknown": 2_000])
        #expect(await registry.cachedIssuerCount == before)
    }
}
