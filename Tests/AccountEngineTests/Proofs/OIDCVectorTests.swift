import AccountEngine
import ByteEncoding
import ChainSigner
import ChainmailTestSupport
import ErrorCodes
import Foundation
import Testing

@Suite("OIDC ID tokens (vectors/oidc.json at now = 1795000300)")
struct OIDCVectorTests {
    static let vectors = try? TestVectors.load("oidc.json")
    static let valid: [JSONValue] = vectors?["valid"]?.array ?? []
    static let refused: [JSONValue] = vectors?["negative"]?.array ?? []
    static let now = Date(timeIntervalSince1970: 1_795_000_300)

    /// A registry holding the vectors' JWKS, imported as an operator would.
    static func verifier() async throws -> OIDCIDTokenVerifier {
        let keys = try OIDCKeyRegistry(
            settings: OIDCSettings(issuers: [OIDCIssuerSettings(issuer: AuthenticationSettings.testIssuer)]),
            store: try SQLiteAccountStore(),
            httpClient: nil
        )
        try await keys.importJWKS(try #require(vectors?["jwks"]).compactBytes, issuer: AuthenticationSettings.testIssuer)
        return OIDCIDTokenVerifier(keys: keys)
    }

    static func proof(_ vector: JSONValue) throws -> ProofInput {
        ProofInput(
            identity: try AuthIdentity(json: try #require(vector["identity"])),
            message: "",
            evidence: .messageSignature(try #require(vector["token"]?.string)),
            txHash: try #require(vector["txHash"]?.hexBytes),
            now: now
        )
    }

    /// The code each negative vector must produce (by name; `alg-or-kid` covers three faults).
    static let expectedCodes: [String: String] = [
        "wrong-aud": "oidc_audience_mismatch",
        "wrong-iss": "oidc_issuer_mismatch",
        "wrong-nonce": "oidc_nonce_mismatch",
        "wrong-email": "oidc_email_mismatch",
        "expired": "oidc_expired",
        "iat-in-future": "oidc_issued_in_future",
        "email-not-verified": "oidc_email_unverified",
        "unknown-kid": "oidc_kid_unknown",
        "alg-none": "oidc_algorithm_refused",
        "hs256-key-confusion": "oidc_algorithm_refused",
        "tampered-payload": "oidc_signature_invalid",
    ]

    @Test("the vectors are all there, and their now and skew are ours")
    func counts() {
        #expect(Self.valid.count == 3)
        #expect(Self.refused.count == 11)
        #expect(Self.vectors?["now"]?.uint == 1_795_000_300)
        #expect(Self.vectors?["skewSeconds"]?.uint == UInt64(OIDCIDTokenVerifier.clockSkew))
    }

    @Test("the vectors' JWKS registers both keys: RS256 and ES256")
    func jwks() async throws {
        let keys = try OIDCKeyRegistry(settings: OIDCSettings(), store: try SQLiteAccountStore(), httpClient: nil)
        let imported = try await keys.importJWKS(try #require(Self.vectors?["jwks"]).compactBytes, issuer: AuthenticationSettings.testIssuer)
        #expect(imported.kids == ["test-key-1", "test-key-ec-1"])
        #expect(imported.skipped.isEmpty)
        let registered = try await keys.keys(issuer: AuthenticationSettings.testIssuer)
        #expect(registered.map(\.algorithm) == [.rs256, .es256])
    }

    @Test("each valid token is accepted (two RS256, one ES256)", arguments: valid)
    func accepted(_ vector: JSONValue) async throws {
        #expect(try await Self.verifier().verify(try Self.proof(vector)) == .valid)
    }

    @Test("each negative token is refused with the code of its fault", arguments: refused)
    func refusedVector(_ vector: JSONValue) async throws {
        #expect(vector["mustBeRefused"]?.bool == true)
        let name = try #require(vector["name"]?.string)
        let verdict = try await Self.verifier().verify(try Self.proof(vector))
        #expect(verdict.refusalCode == Self.expectedCodes[name], "\(name)")
    }

    @Test("a valid token is refused past exp + 60 s and before iat − 60 s, and accepted just inside both")
    func skew() async throws {
        let vector = try #require(Self.valid.first)
        let exp = try #require(vector["claims"]?["exp"]?.uint)
        let iat = try #require(vector["claims"]?["iat"]?.uint)
        let verifier = try await Self.verifier()
        func verdict(at time: UInt64) async throws -> String? {
            let proof = try Self.proof(vector)
            let input = ProofInput(
                identity: proof.identity,
                message: "",
                evidence: proof.evidence,
                txHash: proof.txHash,
                now: Date(timeIntervalSince1970: TimeInterval(time))
            )
            return await verifier.verify(input).refusalCode
        }
        #expect(try await verdict(at: exp + 59) == nil)
        #expect(try await verdict(at: exp + 60) == "oidc_expired")
        #expect(try await verdict(at: iat - 60) == nil)
        #expect(try await verdict(at: iat - 61) == "oidc_issued_in_future")
    }

    @Test("a token of an issuer with no keys and no configuration is refused with oidc_issuer_unknown")
    func unknownIssuer() async throws {
        let keys = try OIDCKeyRegistry(settings: OIDCSettings(), store: try SQLiteAccountStore(), httpClient: nil)
        let verdict = await OIDCIDTokenVerifier(keys: keys).verify(try Self.proof(try #require(Self.valid.first)))
        #expect(verdict.refusalCode == "oidc_issuer_unknown")
    }

    @Test("a configured issuer without keys or key source answers oidc_keys_unavailable (503)")
    func configuredWithoutKeys() async throws {
        let keys = try OIDCKeyRegistry(
            settings: OIDCSettings(issuers: [OIDCIssuerSettings(issuer: AuthenticationSettings.testIssuer)]),
            store: try SQLiteAccountStore(),
            httpClient: nil
        )
        let verdict = await OIDCIDTokenVerifier(keys: keys).verify(try Self.proof(try #require(Self.valid.first)))
        guard case .refused(let error) = verdict else {
            Issue.record("accepted a token without keys")
            return
        }
        #expect(error.code == "oidc_keys_unavailable")
        #expect(error.category == .unavailable)
    }

    @Test("malformed tokens are refused with oidc_token_malformed")
    func malformed() async throws {
        let vector = try #require(Self.valid.first)
        let token = try #require(vector["token"]?.string)
        let parts = token.split(separator: ".").map(String.init)
        let crit = Base64.encode(Array(#"{"alg":"RS256","kid":"test-key-1","crit":["exp"]}"#.utf8), .urlUnpadded)
        let duplicate = Base64.encode(Array(#"{"alg":"RS256","kid":"test-key-1","alg":"RS256"}"#.utf8), .urlUnpadded)
        let candidates = [
            parts[0] + "." + parts[1],
            token + ".",
            parts[0] + "=." + parts[1] + "." + parts[2],
            parts[0] + "." + parts[1] + "." + parts[2] + "==",
            crit + "." + parts[1] + "." + parts[2],
            duplicate + "." + parts[1] + "." + parts[2],
            "not a token",
        ]
        let verifier = try await Self.verifier()
        for candidate in candidates {
            let proof = try Self.proof(vector)
            let input = ProofInput(identity: proof.identity, message: "", evidence: .messageSignature(candidate), txHash: proof.txHash, now: Self.now)
            #expect(await verifier.verify(input).refusalCode == "oidc_token_malformed", "\(candidate.prefix(60))")
        }
    }
}
