import AccountEngine
import ChainmailTestSupport

/// Checks a CallChainSig result with coincurve (scripts/peers/check_signature.py).
func checkWithCoincurve(_ result: JSONValue, payload: String, server: LiveServer) async throws -> JSONValue {
    try await PythonPeer.run(
        "check_signature.py",
        input: .object([
            "payload": .string(payload),
            "signature": result["signature"] ?? .null,
            "publicKey": result["publicKey"] ?? .null,
            "address": result["address"] ?? .null,
            "rootPublicKey": .string(try await server.signer.rootPublicKey().compressed.hexString),
            "predecessor": .string(LiveServer.predecessor),
            "derivationPath": result["derivationPath"] ?? .null,
        ])
    )
}
