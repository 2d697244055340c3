import AccountEngine
import ChainSigner

/// A software passkey built on `cryptography` (scripts/peers/webauthn_authenticator.py).
public struct PeerPasskey: Sendable {
    public struct Assertion: Sendable {
        public var txHash: String
        public var signCount: UInt32
        public var origin: String
        public var flags: UInt8
        public var type: String
        public var crossOrigin: Bool

        public init(
            txHash: String,
            signCount: UInt32,
            origin: String = "http://localhost:8080",
            flags: UInt8 = 0x05,
            type: String = "webauthn.get",
            crossOrigin: Bool = false
        ) {
            self.txHash = txHash
            self.signCount = signCount
            self.origin = origin
            self.flags = flags
            self.type = type
            self.crossOrigin = crossOrigin
        }
    }

    public let privateKey: String
    public let publicKey: String
    public let keyId: String
    public let rpId: String

    public static func make(rpId: String = "localhost") async throws -> PeerPasskey {
        let answer = try await PythonPeer.run("webauthn_authenticator.py", input: .object(["rpId": .string(rpId), "assertions": .array([])]))
        return PeerPasskey(
            privateKey: answer["privateKey"]?.string ?? "",
            publicKey: answer["publicKey"]?.string ?? "",
            keyId: answer["keyId"]?.string ?? "",
            rpId: rpId
        )
    }

    /// The same key, used for another rpId (an assertion made on another site).
    public func onRelyingParty(_ rpId: String) -> PeerPasskey {
        PeerPasskey(privateKey: privateKey, publicKey: publicKey, keyId: keyId, rpId: rpId)
    }

    public var identity: AuthIdentity {
        get throws { try AuthIdentity(.webAuthn(keyId: keyId, publicKey: [UInt8](hex: publicKey) ?? [])) }
    }

    public func assert(_ assertions: [Assertion]) async throws -> [String] {
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

    public func assert(_ assertion: Assertion) async throws -> String {
        try await assert([assertion])[0]
    }
}
