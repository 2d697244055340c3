import AccountEngine
import ChainSigner
import ChainmailTestSupport
import ErrorCodes
import Foundation
import Testing

@Suite("Auth identities: JSON, normalisation, equality, paths (section 1)")
struct AuthIdentityTests {
    static let signerCases: [JSONValue] = (try? TestVectors.load("near-kdf.json"))?["localSigner"]?["cases"]?.array ?? []
    static let webAuthnCases: [JSONValue] = (try? TestVectors.load("webauthn.json"))?["valid"]?.array ?? []

    @Test("the identity path of each local-signer vector", arguments: signerCases)
    func identityPath(_ vector: JSONValue) throws {
        let identity = try AuthIdentity(json: try #require(vector["identity"]))
        #expect(identity.path == vector["identityPath"]?.string)
        #expect(identity.path + "," + (vector["userPath"]?.string ?? "") == vector["derivationPath"]?.string)
    }

    @Test("section 1 JSON round-trips exactly")
    func roundTrip() throws {
        for text in [
            #"{"type":"PubKey","value":"evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4"}"#,
            #"{"type":"OIDC","value":{"issuer":"https://accounts.google.com","clientId":"l2109ufdshf8sdhjf","email":"alice@gmail.com"}}"#,
            #"{"type":"Account","value":"carol.testnet"}"#,
            #"{"type":"PubKey","value":"near:ed25519:EyPnXiFSjan3kn7rUdjEZsH7Mkv7tJg2hFigiHFxWom6"}"#,
            #"{"type":"PubKey","value":"solana:6gxZcZxBdPkzqTN2NfwH7Pq997kVQbjumEXmbDCwaaZ8"}"#,
        ] {
            #expect(try AuthIdentity(jsonText: text).json.compactText == text)
        }
    }

    @Test("an EVM address is lowercased, and mixed-case input equals its lowercase form")
    func evmLowercased() throws {
        let mixed = try AuthIdentity(.pubKey("evm:0x5B38Da6a701c568545dCfcB03FcB875f56beddC4"))
        let lower = try AuthIdentity(.pubKey("evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4"))
        #expect(mixed.value == .pubKey("evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4"))
        #expect(mixed == lower)
        #expect(mixed.canonicalKey == lower.canonicalKey)
        #expect(mixed.kind == .evm)
    }

    @Test("a WebAuthn key given uncompressed is stored compressed", arguments: webAuthnCases)
    func webAuthnCompressed(_ vector: JSONValue) throws {
        let compressed = try #require(vector["publicKeyCompressed"]?.string)
        let uncompressed = try #require(vector["publicKeyUncompressed"]?.string)
        let keyId = try #require(vector["identity"]?["value"]?["keyId"]?.string)
        let fromUncompressed = try AuthIdentity(.webAuthn(keyId: keyId, publicKey: try #require([UInt8](hex: uncompressed))))
        let fromVector = try AuthIdentity(json: try #require(vector["identity"]))
        #expect(fromUncompressed == fromVector)
        #expect(fromUncompressed.path == "webauthn/" + compressed)
        #expect(fromUncompressed.json["value"]?["publicKey"]?.string == compressed)
    }

    @Test("emails are trimmed and lowercased")
    func emailNormalised() throws {
        let identity = try AuthIdentity(.oidc(issuer: "https://issuer.chainmail.test", clientId: "c", email: "  Alice.Smith+tag@Example.COM \t"))
        #expect(identity.value == .oidc(issuer: "https://issuer.chainmail.test", clientId: "c", email: "alice.smith+tag@example.com"))
        #expect(identity.path == "oidc/https://issuer.chainmail.test/c/alice.smith+tag@example.com")
        #expect(
            try AuthIdentity(.oidc(issuer: "https://i.example", clientId: "c", email: "dave@xn--mnchen-3ya.example")).path
                == "oidc/https://i.example/c/dave@xn--mnchen-3ya.example"
        )
    }

    @Test(
        "emails that are not plain ASCII local@domain are refused",
        arguments: [
            "jürgen@example.com", "alice@müller.example", "alice", "alice@", "@example.com", "a@b@example.com", "a..b@example.com",
            ".a@example.com", "a b@example.com", "\"a\"@example.com", "a@-example.com", "a@example..com", "a@exa_mple.com", "",
            "a@[127.0.0.1]",
        ]
    )
    func emailRefused(_ email: String) {
        let error = #expect(throws: EngineError.self) { try AuthIdentity(.oidc(issuer: "https://i.example", clientId: "c", email: email)) }
        #expect(error?.code == "invalid_identity")
    }

    @Test(
        "malformed identities are refused with invalid_identity",
        arguments: [
            #"{"type":"PubKey","value":"evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc"}"#,
            #"{"type":"PubKey","value":"evm:5b38da6a701c568545dcfcb03fcb875f56beddc4"}"#,
            #"{"type":"PubKey","value":"evm:0x5b38da6a701c568545dcfcb03fcb875f56beddcg"}"#,
            #"{"type":"PubKey","value":"btc:0x5b38da6a701c568545dcfcb03fcb875f56beddc4"}"#,
            #"{"type":"PubKey","value":"solana:6gxZcZxBdPkzqTN2NfwH7Pq997kVQb"}"#,
            #"{"type":"PubKey","value":"solana:16gxZcZxBdPkzqTN2NfwH7Pq997kVQbjumEXmbDCwaaZ8"}"#,
            #"{"type":"PubKey","value":"near:ed25519:0OIl"}"#,
            #"{"type":"PubKey","value":"evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4","extra":1}"#,
            #"{"type":"PubKey","value":1}"#,
            #"{"type":"PubKey"}"#,
            #"{"type":"pubkey","value":"evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4"}"#,
            #"{"type":"WebAuthn","value":{"keyId":"abc","publicKey":"02ff"}}"#,
            #"{"type":"WebAuthn","value":{"keyId":"abc=","publicKey":"024b6f491fa06d2765801a99e7f635825318a6287806ff737f76c69aae4ab1eb69"}}"#,
            #"{"type":"WebAuthn","value":{"keyId":"abc","publicKey":"054b6f491fa06d2765801a99e7f635825318a6287806ff737f76c69aae4ab1eb69"}}"#,
            #"{"type":"OIDC","value":{"issuer":"","clientId":"c","email":"a@b.c"}}"#,
            #"{"type":"OIDC","value":{"issuer":"https://i.example","clientId":"c","email":"a@b.c","extra":"x"}}"#,
            #"{"type":"OIDC","value":{"issuer":"https://i.example","email":"a@b.c"}}"#,
            #"{"type":"Account","value":"Carol.testnet"}"#,
            #"{"type":"Account","value":"a..b"}"#,
            #"["PubKey"]"#,
        ]
    )
    func refused(_ text: String) {
        let error = #expect(throws: EngineError.self) { try AuthIdentity(jsonText: text) }
        #expect(error?.code == "invalid_identity")
        #expect(error?.category == .malformed)
    }

    @Test("identities of different types or values are not equal")
    func inequality() throws {
        let a = try AuthIdentity(.oidc(issuer: "https://i.example", clientId: "c", email: "a@example.com"))
        let b = try AuthIdentity(.oidc(issuer: "https://i.example", clientId: "c2", email: "a@example.com"))
        let c = try AuthIdentity(.oidc(issuer: "https://i.example", clientId: "c", email: "A@EXAMPLE.COM"))
        #expect(a != b)
        #expect(a == c)
        #expect(Set([a, b, c]).count == 2)
    }
}

@Suite("AuthIdentity through Codable")
struct AuthIdentityCodableTests {
    @Test("JSONDecoder decodes and normalises; JSONEncoder with sorted keys writes the canonical key")
    func codable() throws {
        let text = #"{"value":{"email":" Bob@Example.org","clientId":"c","issuer":"https://i"},"type":"OIDC"}"#
        let identity = try JSONDecoder().decode(AuthIdentity.self, from: Data(text.utf8))
        #expect(identity.value == .oidc(issuer: "https://i", clientId: "c", email: "bob@example.org"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(String(decoding: try encoder.encode(identity), as: UTF8.self) == identity.canonicalKey)
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(
                AuthIdentity.self,
                from: Data(#"{"type":"OIDC","value":{"issuer":"https://i.example","clientId":"c","email":"b@e.org"},"x":1}"#.utf8)
            )
        }
    }
}
