import ByteEncoding
import Crypto
import Foundation
import NEARClient
import Testing

@Suite("NEAR key files: NEAR CLI's credentials JSON")
struct KeyFileTests {
    static let seed = [UInt8](repeating: 0x42, count: 32)
    static let publicKey = Array(try! Curve25519.Signing.PrivateKey(rawRepresentation: seed).publicKey.rawRepresentation)

    static func file(publicKey: String? = "ed25519:" + Base58.encode(publicKey), privateKey: String) -> [UInt8] {
        var object: [String: String] = ["account_id": "chainmail.testnet", "private_key": privateKey]
        if let publicKey { object["public_key"] = publicKey }
        return Array(try! JSONSerialization.data(withJSONObject: object))
    }

    static func rejection(_ json: [UInt8]) throws -> NEARRPCError {
        try #require(throws: NEARRPCError.self) { try NEARCredentials(json: json) }
    }

    @Test("reads account, seed ‖ public key and checks the public key")
    func readsCredentials() throws {
        let credentials = try NEARCredentials(json: Self.file(privateKey: "ed25519:" + Base58.encode(Self.seed + Self.publicKey)))
        #expect(credentials.accountId == "chainmail.testnet")
        #expect(credentials.keyPair.publicKey.bytes == Self.publicKey)
        #expect(credentials.keyPair.publicKey.description == "ed25519:" + Base58.encode(Self.publicKey))
        let message = [UInt8](repeating: 1, count: 32)
        let signature = try credentials.keyPair.sign(message)
        #expect(try Curve25519.Signing.PublicKey(rawRepresentation: Self.publicKey).isValidSignature(signature, for: message))
    }

    @Test("accepts a 32-byte seed alone, and a file without public_key")
    func acceptsSeed() throws {
        let credentials = try NEARCredentials(json: Self.file(publicKey: nil, privateKey: "ed25519:" + Base58.encode(Self.seed)))
        #expect(credentials.keyPair.publicKey.bytes == Self.publicKey)
    }

    @Test(
        "refuses a private key without the ed25519: prefix, of the wrong length, or not base58",
        arguments: [
            "secp256k1:" + Base58.encode(seed + publicKey), Base58.encode(seed + publicKey), "ed25519:" + Base58.encode(seed.prefix(31)),
            "ed25519:" + Base58.encode(seed + publicKey + [0]), "ed25519:0OIl", "ed25519:",
        ]
    )
    func refusesPrivateKey(_ privateKey: String) throws {
        let error = try Self.rejection(Self.file(privateKey: privateKey))
        #expect(error.code == .nearKeyFileInvalid)
        #expect(!error.message.isEmpty)
    }

    @Test("refuses a 64-byte key whose second half is not its seed's public key")
    func refusesMismatchedHalves() throws {
        let other = [UInt8](repeating: 9, count: 32)
        let error = try Self.rejection(Self.file(publicKey: nil, privateKey: "ed25519:" + Base58.encode(Self.seed + other)))
        #expect(error.message.contains("not the public key of its seed"))
    }

    @Test("refuses a public_key that is not the private key's, naming both")
    func refusesMismatchedPublicKey() throws {
        let other = "ed25519:" + Base58.encode([UInt8](repeating: 9, count: 32))
        let error = try Self.rejection(Self.file(publicKey: other, privateKey: "ed25519:" + Base58.encode(Self.seed)))
        #expect(error.code == .nearKeyFileInvalid)
        #expect(error.message.contains(other))
    }

    @Test("refuses a public_key of another type or length")
    func refusesPublicKey() throws {
        for publicKey in ["secp256k1:" + Base58.encode(Self.publicKey), "ed25519:" + Base58.encode(Self.publicKey.prefix(31))] {
            let error = try Self.rejection(Self.file(publicKey: publicKey, privateKey: "ed25519:" + Base58.encode(Self.seed)))
            #expect(error.code == .nearKeyFileInvalid)
        }
    }

    @Test("refuses text that is not credentials JSON, and a missing private_key or account_id")
    func refusesShape() throws {
        for json in [#"not json"#, #"{"account_id":"a.testnet"}"#, #"{"private_key":"ed25519:1"}"#, #"{"account_id":"","private_key":"x"}"#] {
            let error = try Self.rejection(Array(json.utf8))
            #expect(error.code == .nearKeyFileInvalid, "\(json)")
        }
    }

    @Test("a missing file is a clear error naming its path")
    func missingFile() throws {
        let error = try #require(throws: NEARRPCError.self) {
            try NEARCredentials(contentsOf: URL(fileURLWithPath: "/nonexistent/near-key.json"))
        }
        #expect(error.code == .nearKeyFileInvalid)
        #expect(error.message.contains("/nonexistent/near-key.json"))
    }
}
