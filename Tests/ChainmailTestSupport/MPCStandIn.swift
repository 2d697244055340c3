import ByteEncoding
import ChainSigner
import Crypto
import Foundation
import Logging
import NEARClient
import NEARMPCSigner

/// scripts/peers/near_rpc.py with the predecessor account `chainmail.testnet`, one full-access key
/// and one function-call key, and key files for both.
public struct MPCStandIn {
    public static let predecessor = "chainmail.testnet"
    public static let contract = "v1.signer-prod.testnet"

    public let peer: NEARRPCPeer
    public let fullAccess: NEARKeyPair
    public let functionCall: NEARKeyPair
    /// The contract's root key, `secp256k1:<base58>`, as its `public_key` view says.
    public let rootPublicKey: String

    /// Runs `body` with a started stand-in (`extra` merged into its configuration), then stops it.
    public static func with<T>(_ extra: [String: Any] = [:], _ body: (MPCStandIn) async throws -> T) async throws -> T {
        let fullAccess = try NEARKeyPair(seed: randomBytes(32))
        let functionCall = try NEARKeyPair(seed: randomBytes(32))
        var configuration: [String: Any] = [
            "mpc_contract_id": contract,
            "root_secret": randomBytes(32).hexString,
            "polling_timeout": 1.0,
            "accounts": [
                predecessor: [
                    "balance": "100000000000000000000000000",
                    "keys": [
                        ["public_key": fullAccess.publicKey.description, "permission": "FullAccess", "nonce": 5],
                        [
                            "public_key": functionCall.publicKey.description, "nonce": 0,
                            "permission": ["FunctionCall": ["allowance": NSNull(), "receiver_id": contract, "method_names": ["sign"]]],
                        ],
                    ],
                ]
            ],
        ]
        configuration.merge(extra) { _, new in new }
        return try await NEARRPCPeer.withPeer(configuration: configuration) { peer in
            let standIn = MPCStandIn(
                peer: peer,
                fullAccess: fullAccess,
                functionCall: functionCall,
                rootPublicKey: try await peer.rootPublicKey(contract: contract)
            )
            try standIn.writeKeyFile("full.json", account: predecessor, keyPair: fullAccess)
            try standIn.writeKeyFile("function-call.json", account: predecessor, keyPair: functionCall)
            return try await body(standIn)
        }
    }

    public static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// A NEAR CLI credentials file in the peer's folder.
    public func writeKeyFile(_ name: String, account: String, keyPair: NEARKeyPair) throws {
        let seed = Array(keyPair.privateKey.rawRepresentation)
        let json: [String: String] = [
            "account_id": account,
            "public_key": keyPair.publicKey.description,
            "private_key": "ed25519:" + Base58.encode(seed + keyPair.publicKey.bytes),
        ]
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: peer.path(name)))
    }

    public func configuration(
        keyFile: String = "full.json",
        rootPublicKey: String? = nil,
        signGas: UInt64 = NEARMPCSignerConfiguration.defaultSignGas,
        requestTimeout: Duration = .seconds(20),
        statusDeadline: Duration = .seconds(30)
    ) throws -> NEARMPCSignerConfiguration {
        try NEARMPCSignerConfiguration(
            rpcURL: peer.rpcURL,
            keyFile: peer.path(keyFile),
            rootPublicKey: rootPublicKey ?? self.rootPublicKey,
            predecessor: Self.predecessor,
            mpcContract: Self.contract,
            signGas: signGas,
            requestTimeout: requestTimeout,
            statusDeadline: statusDeadline
        )
    }

    public func signer(_ configuration: NEARMPCSignerConfiguration? = nil) throws -> NEARMPCSigner {
        NEARMPCSigner(configuration: try configuration ?? self.configuration(), logger: Logger(label: "test.near-mpc"))
    }

    // MARK: - What the stand-in saw

    public func stats() async throws -> [String: Any] { try await peer.stats() }

    /// The full-access key's entry in `access_keys`.
    public func keyStats() async throws -> [String: Any] {
        let keys = try await stats()["access_keys"] as? [String: Any]
        return keys?["\(Self.predecessor) \(fullAccess.publicKey)"] as? [String: Any] ?? [:]
    }

    public func signRequests() async throws -> [[String: Any]] {
        try await stats()["sign_requests"] as? [[String: Any]] ?? []
    }

    public func count(_ key: String) async throws -> Int {
        try await stats()[key] as? Int ?? -1
    }

    public func refusals() async throws -> [String: Int] {
        try await stats()["refusals"] as? [String: Int] ?? [:]
    }

    /// Each signature checked by coincurve (scripts/peers/check_mpc_signature.py) against the key
    /// the stand-in's own code derives: `recovers`, `matchesDerivation`, `lowS` per signature.
    public func coincurveCheck(_ signatures: [(payload: [UInt8], signature: DerivedSignature)]) async throws -> [[String: Bool]] {
        let entries: [[String: Any]] = signatures.map { payload, derived in
            [
                "derivationPath": derived.derivationPath, "payload": payload.hexString, "r": derived.signature.r.hexString,
                "s": derived.signature.s.hexString, "v": Int(derived.signature.v), "publicKey": derived.publicKey.compressed.hexString,
            ]
        }
        return try await coincurveCheck(entries: entries)
    }

    /// `coincurveCheck` of CallChainSig results as chainmail answers them (`{"derivationPath",
    /// "publicKey","signature":{"r","s","v"}}`), each with the payload it signed.
    public func coincurveCheck(results: [(payload: String, result: [String: Any])]) async throws -> [[String: Bool]] {
        try await coincurveCheck(
            entries: results.map { payload, result in
                let signature = result["signature"] as? [String: Any] ?? [:]
                return [
                    "derivationPath": result["derivationPath"] ?? "", "payload": payload, "r": signature["r"] ?? "", "s": signature["s"] ?? "",
                    "v": signature["v"] ?? -1, "publicKey": result["publicKey"] ?? "",
                ]
            }
        )
    }

    private func coincurveCheck(entries: [[String: Any]]) async throws -> [[String: Bool]] {
        let input: [String: Any] = ["rootPublicKey": rootPublicKey, "predecessor": Self.predecessor, "signatures": entries]
        let output = try await PythonPeer.run("check_mpc_signature.py", bytes: Array(try JSONSerialization.data(withJSONObject: input)))
        let answer = try JSONSerialization.jsonObject(with: Data(output)) as? [String: Any]
        let results = answer?["results"] as? [[String: Any]] ?? []
        return results.map { result in
            [
                "recovers": result["recovers"] as? Bool ?? false, "matchesDerivation": result["matchesDerivation"] as? Bool ?? false,
                "lowS": result["lowS"] as? Bool ?? false,
            ]
        }
    }

    /// Whether every check of every signature passed.
    public static func allPassed(_ results: [[String: Bool]], count: Int) -> Bool {
        results.count == count && results.allSatisfy { $0.values.allSatisfy { $0 } && $0.count == 3 }
    }
}
