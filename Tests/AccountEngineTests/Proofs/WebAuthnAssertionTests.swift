import AccountEngine
import ChainSigner
import ChainmailTestSupport
import Foundation
import Testing

@Suite("WebAuthn proofs (vectors/webauthn.json and a software passkey in `cryptography`)")
struct WebAuthnAssertionTests {
    static let vectors = try? TestVectors.load("webauthn.json")
    static let valid: [JSONValue] = vectors?["valid"]?.array ?? []
    static let refused: [JSONValue] = vectors?["negative"]?.array ?? []
    static let settings = WebAuthnSettings(rpId: "localhost", origins: ["http://localhost:8080"])

    static func verifier() throws -> WebAuthnAssertionVerifier {
        WebAuthnAssertionVerifier(settings: settings, counters: try SQLiteAccountStore())
    }

    static func proof(_ vector: JSONValue, messageSignature: String? = nil) throws -> ProofInput {
        ProofInput(
            identity: try AuthIdentity(json: try #require(vector["identity"])),
            message: "",
            evidence: .messageSignature(try messageSignature ?? #require(vector["messageSignature"]?.string)),
            txHash: try #require(vector["txHash"]?.hexBytes),
            now: Date()
        )
    }

    /// The code each `refusedBecause` of the vectors must produce.
    static let expectedCodes: [String: String] = [
        "origin": "webauthn_origin_mismatch",
        "challenge": "webauthn_challenge_mismatch",
        "User was not present": "webauthn_user_not_present",
        "RP ID hash": "webauthn_rp_id_mismatch",
        "type": "webauthn_type_mismatch",
        "signature": "webauthn_signature_invalid",
    ]

    @Test("the vectors are all there")
    func counts() {
        #expect(Self.valid.count == 2)
        #expect(Self.refused.count == 8)
    }

    @Test("each valid assertion is accepted, the high-s Chrome one included", arguments: valid)
    func accepted(_ vector: JSONValue) async throws {
        let verdict = try await Self.verifier().verify(try Self.proof(vector))
        #expect(verdict.isValid)
        let count = try #require(vector["signCount"]?.uint)
        if count == 0 {
            #expect(verdict == .valid, "a zero counter has nothing to record")
        } else {
            // 1.1: the counter is kept under the match key (the public key), not the canonical key.
            let credential = try AuthIdentity(json: try #require(vector["identity"])).matchKey
            #expect(verdict == .validIfCommitted(.webAuthnSignCount(credential: credential, count: UInt32(count))))
        }
    }

    @Test("each negative assertion is refused with the code of its fault", arguments: refused)
    func refusedVector(_ vector: JSONValue) async throws {
        #expect(vector["mustBeRefused"]?.bool == true)
        let reason = try #require(vector["refusedBecause"]?.string)
        let verdict = try await Self.verifier().verify(try Self.proof(vector))
        #expect(verdict.refusalCode == Self.expectedCodes[reason], "\(vector["name"]?.string ?? "")")
    }

    @Test("the assertion JSON is read strictly: padding, standard alphabet, extra or missing members, duplicates")
    func malformed() async throws {
        let vector = try #require(Self.valid.first)
        let authenticatorData = try #require(vector["authenticatorData"]?.string)
        let clientDataJSON = try #require(vector["clientDataJSON"]?.string)
        let signature = try #require(vector["signature"]?.string)
        let candidates = [
            #"{"authenticatorData":"\#(authenticatorData)=","clientDataJSON":"\#(clientDataJSON)","signature":"\#(signature)"}"#,
            #"{"authenticatorData":"\#(authenticatorData)","clientDataJSON":"\#(clientDataJSON)","signature":"\#(signature.replacingOccurrences(of: "-", with: "+"))"}"#,
            #"{"authenticatorData":"\#(authenticatorData)","clientDataJSON":"\#(clientDataJSON)","signature":"\#(signature)","userHandle":"x"}"#,
            #"{"authenticatorData":"\#(authenticatorData)","clientDataJSON":"\#(clientDataJSON)"}"#,
            #"{"authenticatorData":"\#(authenticatorData)","authenticatorData":"\#(authenticatorData)","clientDataJSON":"\#(clientDataJSON)","signature":"\#(signature)"}"#,
            #"["\#(authenticatorData)","\#(clientDataJSON)","\#(signature)"]"#,
            "not json",
        ]
        for text in candidates {
            let verdict = try await Self.verifier().verify(try Self.proof(vector, messageSignature: text))
            #expect(verdict.refusalCode == "webauthn_assertion_malformed", "\(text)")
        }
    }

    @Test("clientDataJSON is parsed as JSON: duplicate members and a challenge hidden in another member are refused")
    func clientDataParsedStrictly() async throws {
        let vector = try #require(Self.valid.first)
        let challenge = try #require(vector["challenge"]?.string)
        let authenticatorData = try #require(vector["authenticatorData"]?.base64URLBytes)
        let signature = try #require(vector["signature"]?.base64URLBytes)
        let texts = [
            // Duplicate type: a string search for "webauthn.get" would pass.
            #"{"type":"webauthn.create","type":"webauthn.get","challenge":"\#(challenge)","origin":"http://localhost:8080"}"#,
            // The right challenge sits in another member only.
            #"{"type":"webauthn.get","challenge":"x","note":"\"challenge\":\"\#(challenge)\"","origin":"http://localhost:8080"}"#,
        ]
        let codes = ["webauthn_assertion_malformed", "webauthn_challenge_mismatch"]
        for (text, code) in zip(texts, codes) {
            let assertion = WebAuthnAssertion(authenticatorData: authenticatorData, clientDataJSON: Array(text.utf8), signature: signature)
            let verdict = try await Self.verifier().verify(try Self.proof(vector, messageSignature: assertion.messageSignature))
            #expect(verdict.refusalCode == code)
        }
    }

    @Test("software passkey: accepted; another origin, rpId, transaction, type, crossOrigin or no UP each refused with its code")
    func peerAssertions() async throws {
        let passkey = try await PeerPasskey.make()
        let txHash = String(repeating: "ab", count: 32)
        let otherTxHash = String(repeating: "cd", count: 32)
        let verifier = try Self.verifier()
        func verdict(_ text: String, passkey: PeerPasskey = passkey) async throws -> ProofVerdict {
            await verifier.verify(
                ProofInput(identity: try passkey.identity, message: "", evidence: .messageSignature(text), txHash: [UInt8](hex: txHash)!, now: Date())
            )
        }
        let assertions = try await passkey.assert([
            .init(txHash: txHash, signCount: 1),
            .init(txHash: txHash, signCount: 1, origin: "http://evil.localhost:8080"),
            .init(txHash: txHash, signCount: 1, origin: "http://localhost:8080/"),
            .init(txHash: otherTxHash, signCount: 1),
            .init(txHash: txHash, signCount: 1, type: "webauthn.create"),
            .init(txHash: txHash, signCount: 1, crossOrigin: true),
            .init(txHash: txHash, signCount: 1, flags: 0x04),
        ])
        let expected: [String?] = [
            nil, "webauthn_origin_mismatch", "webauthn_origin_mismatch", "webauthn_challenge_mismatch", "webauthn_type_mismatch",
            "webauthn_cross_origin", "webauthn_user_not_present",
        ]
        for (assertion, code) in zip(assertions, expected) {
            #expect(try await verdict(assertion).refusalCode == code)
        }
        let otherSite = try await passkey.onRelyingParty("evil.example").assert(.init(txHash: txHash, signCount: 1))
        #expect(try await verdict(otherSite).refusalCode == "webauthn_rp_id_mismatch")
        let otherKey = try await PeerPasskey.make()
        let byOtherKey = try await otherKey.assert(.init(txHash: txHash, signCount: 1))
        #expect(try await verdict(byOtherKey).refusalCode == "webauthn_signature_invalid")
    }
}
