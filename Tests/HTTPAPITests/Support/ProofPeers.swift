import AccountEngine
import Foundation

/// An ed25519 wallet living in PyNaCl (scripts/peers/ed25519_sign.py): Solana and NEAR proofs.
struct PeerEd25519Wallet: Sendable {
    let seed: String
    let publicKeyBase58: String

    static func make() async throws -> PeerEd25519Wallet {
        let answer = try await PythonPeer.run("ed25519_sign.py", input: .object(JSONObject([])))
        return PeerEd25519Wallet(seed: answer["seed"]?.string ?? "", publicKeyBase58: answer["publicKeyBase58"]?.string ?? "")
    }

    var solanaIdentity: AuthIdentity { get throws { try AuthIdentity(.pubKey("solana:" + publicKeyBase58)) } }
    var nearIdentity: AuthIdentity { get throws { try AuthIdentity(.pubKey("near:ed25519:" + publicKeyBase58)) } }

    func signSolana(_ message: String) async throws -> String {
        let answer = try await PythonPeer.run("ed25519_sign.py", input: .object(["seed": .string(seed), "solana": .array([.string(message)])]))
        return answer["solana"]?[0]?.string ?? ""
    }

    func signNEP413(message: String, txHash: String, recipient: String) async throws -> String {
        let answer = try await PythonPeer.run(
            "ed25519_sign.py",
            input: .object([
                "seed": .string(seed),
                "near": .array([.object(["message": .string(message), "nonce": .string(txHash), "recipient": .string(recipient)])]),
            ])
        )
        return answer["near"]?[0]?.string ?? ""
    }
}

/// A software passkey built on `cryptography` (scripts/peers/webauthn_authenticator.py).
struct PeerPasskey: Sendable {
    let privateKey: String
    let publicKey: String
    let keyId: String
    let rpId: String

    static func make(rpId: String) async throws -> PeerPasskey {
        let answer = try await PythonPeer.run("webauthn_authenticator.py", input: .object(["rpId": .string(rpId), "assertions": .array([])]))
        return PeerPasskey(
            privateKey: answer["privateKey"]?.string ?? "",
            publicKey: answer["publicKey"]?.string ?? "",
            keyId: answer["keyId"]?.string ?? "",
            rpId: rpId
        )
    }

    var identity: AuthIdentity {
        get throws { try AuthIdentity(.webAuthn(keyId: keyId, publicKey: [UInt8](hex: publicKey) ?? [])) }
    }

    /// The messageSignature JSON text of an assertion over `txHash`.
    func assert(txHash: String, signCount: UInt32, origin: String) async throws -> String {
        let answer = try await PythonPeer.run(
            "webauthn_authenticator.py",
            input: .object([
                "privateKey": .string(privateKey), "rpId": .string(rpId),
                "assertions": .array([
                    .object(["txHash": .string(txHash), "signCount": .integer(UInt64(signCount)), "origin": .string(origin)])
                ]),
            ])
        )
        return answer["assertions"]?[0]?.string ?? ""
    }
}

/// An OIDC provider in PyJWT with an RSA key only the test holds (scripts/peers/oidc_issuer.py).
struct PeerOIDCProvider: Sendable {
    let privateKeyPem: String
    let kid: String
    let jwks: JSONValue

    static func make(kid: String) async throws -> PeerOIDCProvider {
        let answer = try await PythonPeer.run("oidc_issuer.py", input: .object(["kid": .string(kid)]))
        return PeerOIDCProvider(privateKeyPem: answer["privateKeyPem"]?.string ?? "", kid: kid, jwks: answer["jwks"] ?? .null)
    }

    /// An ID token for `txHash` (the nonce), issued now, valid an hour.
    func idToken(issuer: String, clientId: String, email: String, txHash: String) async throws -> String {
        let now = UInt64(Date().timeIntervalSince1970)
        let claims: JSONValue = .object([
            "iss": .string(issuer), "aud": .string(clientId), "sub": .string("user-1"), "email": .string(email),
            "email_verified": .bool(true), "nonce": .string(txHash), "iat": .integer(now), "exp": .integer(now + 3600),
        ])
        let answer = try await PythonPeer.run(
            "oidc_issuer.py",
            input: .object([
                "privateKeyPem": .string(privateKeyPem), "kid": .string(kid),
                "tokens": .array([.object(["claims": claims, "alg": .string("RS256"), "kid": .string(kid)])]),
            ])
        )
        return answer["tokens"]?[0]?.string ?? ""
    }
}
