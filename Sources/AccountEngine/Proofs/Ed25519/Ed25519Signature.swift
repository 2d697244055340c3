import ByteEncoding
import ChainSigner
import Crypto

/// ed25519 verification shared by the `solana:` and `near:` verifiers.
enum Ed25519Signature {
    /// The 32 key bytes of a `solana:` or `near:ed25519:` identity, when it is one and its key is acceptable.
    static func publicKey(of identity: AuthIdentity, kind: IdentityKind) -> Result<Curve25519.Signing.PublicKey, EngineError> {
        guard case .pubKey(let text) = identity.value, identity.kind == kind else {
            return .failure(.unsupportedIdentity("this verifier checks only \(kind.prefix) identities"))
        }
        guard let bytes = Base58.decode(text.dropFirst(kind.prefix.count), maximumLength: 64), bytes.count == 32,
            Ed25519PublicKeyCheck.isAcceptable(bytes),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)
        else {
            return .failure(.invalidIdentity("the \(kind.prefix) key is not an acceptable ed25519 public key"))
        }
        return .success(key)
    }

    /// BoringSSL's ED25519_verify: refuses S ≥ L and points that do not decode; verification is
    /// the cofactorless equation [S]B = R + [k]A.
    static func verify(_ signature: [UInt8], over message: [UInt8], by key: Curve25519.Signing.PublicKey) -> Bool {
        signature.count == 64 && key.isValidSignature(signature, for: message)
    }
}
