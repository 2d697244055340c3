import ChainSigner

/// The key an identity controls for a path, and its addresses (GET /v1/derive, `chainmail derive`).
public struct Derivation: Sendable, Hashable {
    public let derivationPath: String
    public let publicKey: Secp256k1PublicKey
    public let evmAddress: String
    public let btcAddress: String

    /// `{"derivationPath","publicKey" (33-byte compressed hex),"evmAddress","btcAddress"}`.
    public var json: JSONValue {
        .object([
            "derivationPath": .string(derivationPath),
            "publicKey": .string(publicKey.compressed.hexString),
            "evmAddress": .string(evmAddress),
            "btcAddress": .string(btcAddress),
        ])
    }
}

extension AccountEngine {
    /// The key CallChainSig would sign with for `identity` as authTarget and `path`.
    public func derive(identity: AuthIdentity, path: String, bitcoinHumanReadablePart: String = "bc") async throws(EngineError) -> Derivation {
        guard path.utf8.count <= CallChainSigArgs.maxPathBytes else {
            throw .invalidRequest("path is longer than \(CallChainSigArgs.maxPathBytes) bytes")
        }
        let derivationPath = identity.path + "," + path
        let publicKey: Secp256k1PublicKey
        do {
            publicKey = try await signer.derivedPublicKey(derivationPath: derivationPath)
        } catch let error as ChainSignerError {
            throw .signerUnavailable("\(error.code): \(error.message)")
        } catch {
            throw .signerUnavailable("\(error)")
        }
        return Derivation(
            derivationPath: derivationPath,
            publicKey: publicKey,
            evmAddress: ChainAddress.evm(publicKey),
            btcAddress: ChainAddress.bitcoinP2WPKH(publicKey, humanReadablePart: bitcoinHumanReadablePart)
        )
    }
}
