import AccountEngine

/// An ed25519 wallet living in PyNaCl (scripts/peers/ed25519_sign.py): Solana and NEAR proofs.
public struct PeerEd25519Wallet: Sendable {
    public let seed: String
    public let publicKeyBase58: String

    public static func make(seed: String? = nil) async throws -> PeerEd25519Wallet {
        var request: [JSONObject.Member] = []
        if let seed { request.append(JSONObject.Member(key: "seed", value: .string(seed))) }
        let answer = try await PythonPeer.run("ed25519_sign.py", input: .object(JSONObject(request)))
        return PeerEd25519Wallet(seed: answer["seed"]?.string ?? "", publicKeyBase58: answer["publicKeyBase58"]?.string ?? "")
    }

    public var solanaIdentity: AuthIdentity { get throws { try AuthIdentity(.pubKey("solana:" + publicKeyBase58)) } }
    public var nearIdentity: AuthIdentity { get throws { try AuthIdentity(.pubKey("near:ed25519:" + publicKeyBase58)) } }

    public func signSolana(_ messages: [String]) async throws -> [String] {
        let answer = try await PythonPeer.run(
            "ed25519_sign.py",
            input: .object(["seed": .string(seed), "solana": .array(messages.map { .string($0) })])
        )
        return answer["solana"]?.array.compactMap(\.string) ?? []
    }

    public func signNEP413(message: String, txHash: String, recipient: String = "chainmail.testnet") async throws -> String {
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
