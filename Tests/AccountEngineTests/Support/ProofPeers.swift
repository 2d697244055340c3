import AccountEngine
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An ed25519 wallet living in PyNaCl (scripts/peers/ed25519_sign.py): Solana and NEAR proofs.
struct PeerEd25519Wallet {
    let seed: String
    let publicKeyBase58: String

    static func make(seed: String? = nil) async throws -> PeerEd25519Wallet {
        var request: [JSONObject.Member] = []
        if let seed { request.append(JSONObject.Member(key: "seed", value: .string(seed))) }
        let answer = try await PythonPeer.run("ed25519_sign.py", input: .object(JSONObject(request)))
        return PeerEd25519Wallet(seed: answer["seed"]?.string ?? "", publicKeyBase58: answer["publicKeyBase58"]?.string ?? "")
    }

    var solanaIdentity: AuthIdentity { get throws { try AuthIdentity(.pubKey("solana:" + publicKeyBase58)) } }
    var nearIdentity: AuthIdentity { get throws { try AuthIdentity(.pubKey("near:ed25519:" + publicKeyBase58)) } }

    func signSolana(_ messages: [String]) async throws -> [String] {
        let answer = try await PythonPeer.run(
            "ed25519_sign.py",
            input: .object(["seed": .string(seed), "solana": .array(messages.map { .string($0) })])
        )
        return answer["solana"]?.array.compactMap(\.string) ?? []
    }

    func signNEP413(message: String, txHash: String, recipient: String = "chainmail.testnet") async throws -> String {
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
struct PeerPasskey {
    struct Assertion {
        var txHash: String
        var signCount: UInt32
        var origin = "http://localhost:8080"
        var flags: UInt8 = 0x05
        var type = "webauthn.get"
        var crossOrigin = false
    }

    let privateKey: String
    let publicKey: String
    let keyId: String
    let rpId: String

    static func make(rpId: String = "localhost") async throws -> PeerPasskey {
        let answer = try await PythonPeer.run("webauthn_authenticator.py", input: .object(["rpId": .string(rpId), "assertions": .array([])]))
        return PeerPasskey(
            privateKey: answer["privateKey"]?.string ?? "",
            publicKey: answer["publicKey"]?.string ?? "",
            keyId: answer["keyId"]?.string ?? "",
            rpId: rpId
        )
    }

    /// The same key, used for another rpId (an assertion made on another site).
    func onRelyingParty(_ rpId: String) -> PeerPasskey {
        PeerPasskey(privateKey: privateKey, publicKey: publicKey, keyId: keyId, rpId: rpId)
    }

    var identity: AuthIdentity {
        get throws { try AuthIdentity(.webAuthn(keyId: keyId, publicKey: [UInt8](hex: publicKey) ?? [])) }
    }

    func assert(_ assertions: [Assertion]) async throws -> [String] {
        let items: [JSONValue] = assertions.map { item in
            .object([
                "txHash": .string(item.txHash),
                "signCount": .integer(UInt64(item.signCount)),
                "origin": .string(item.origin),
                "flags": .integer(UInt64(item.flags)),
                "type": .string(item.type),
                "crossOrigin": .bool(item.crossOrigin),
            ])
        }
        let answer = try await PythonPeer.run(
            "webauthn_authenticator.py",
            input: .object(["privateKey": .string(privateKey), "rpId": .string(rpId), "assertions": .array(items)])
        )
        return answer["assertions"]?.array.compactMap(\.string) ?? []
    }

    func assert(_ assertion: Assertion) async throws -> String {
        try await assert([assertion])[0]
    }
}

/// An OIDC provider in PyJWT with an RSA key only the test holds (scripts/peers/oidc_issuer.py).
struct PeerOIDCProvider {
    let privateKeyPem: String
    let kid: String
    let jwks: JSONValue

    static func make(kid: String = "peer-key-1", privateKeyPem: String? = nil) async throws -> PeerOIDCProvider {
        var request: [JSONObject.Member] = [JSONObject.Member(key: "kid", value: .string(kid))]
        if let privateKeyPem { request.append(JSONObject.Member(key: "privateKeyPem", value: .string(privateKeyPem))) }
        let answer = try await PythonPeer.run("oidc_issuer.py", input: .object(JSONObject(request)))
        return PeerOIDCProvider(privateKeyPem: answer["privateKeyPem"]?.string ?? "", kid: kid, jwks: answer["jwks"] ?? .null)
    }

    var jwksBytes: [UInt8] { jwks.compactBytes }

    /// Standard claims for `txHash`, issued now, valid an hour; `overrides` replace or add members.
    static func claims(
        txHash: String,
        issuer: String = AuthenticationSettings.testIssuer,
        audience: JSONValue = .string(AuthenticationSettings.testClientId),
        email: String = "alice@example.com",
        now: Date = Date(),
        overrides: [String: JSONValue] = [:]
    ) -> JSONValue {
        let issuedAt = UInt64(now.timeIntervalSince1970)
        var members: [String: JSONValue] = [
            "iss": .string(issuer),
            "aud": audience,
            "sub": .string("alice-0001"),
            "email": .string(email),
            "email_verified": .bool(true),
            "nonce": .string(txHash),
            "iat": .integer(issuedAt),
            "exp": .integer(issuedAt + 3600),
        ]
        for (key, value) in overrides { members[key] = value }
        return .object(JSONObject(members.sorted { $0.key < $1.key }.map { JSONObject.Member(key: $0.key, value: $0.value) }))
    }

    /// Signs each claims object; `alg` "HS256-with-public-key" makes the algorithm-confusion forgery.
    func sign(_ claims: [JSONValue], alg: String = "RS256", kid: String? = nil) async throws -> [String] {
        let tokens: [JSONValue] = claims.map { .object(["claims": $0, "alg": .string(alg), "kid": .string(kid ?? self.kid)]) }
        let answer = try await PythonPeer.run(
            "oidc_issuer.py",
            input: .object(["privateKeyPem": .string(privateKeyPem), "kid": .string(self.kid), "tokens": .array(tokens)])
        )
        return answer["tokens"]?.array.compactMap(\.string) ?? []
    }

    func sign(_ claims: JSONValue, alg: String = "RS256", kid: String? = nil) async throws -> String {
        try await sign([claims], alg: alg, kid: kid)[0]
    }
}

/// scripts/peers/jwks_server.py: a JWKS served over HTTP on 127.0.0.1 from a file the test can rewrite.
final class JWKSServer: @unchecked Sendable {
    let process = Process()
    let file: URL
    private(set) var port: Int = 0

    var jwksURL: String { "http://127.0.0.1:\(port)/jwks.json" }

    init(serving jwks: [UInt8], in directory: URL) async throws {
        file = directory.appendingPathComponent("jwks-\(UUID().uuidString).json")
        try Data(jwks).write(to: file)
        let stdout = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", SharedVectors.packageRoot.appendingPathComponent("scripts/peers/jwks_server.py").path, file.path]
        process.standardOutput = stdout
        try process.run()
        let line = await Task.detached {
            var bytes: [UInt8] = []
            while !bytes.contains(UInt8(ascii: "\n")) {
                let chunk = stdout.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                bytes += chunk
            }
            return String(decoding: bytes, as: UTF8.self)
        }.value
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            stop()
            throw PythonPeer.Failure(description: "jwks_server.py did not print its port: \(line)")
        }
        self.port = port
    }

    func serve(_ jwks: [UInt8]) throws {
        try Data(jwks).write(to: file, options: .atomic)
    }

    /// How many times the JWKS was fetched.
    func hits() async throws -> Int {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/hits")!)
        return Int(String(decoding: data, as: UTF8.self)) ?? -1
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
