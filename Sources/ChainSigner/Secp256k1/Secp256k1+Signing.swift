import CSecp256k1

extension Secp256k1 {
    /// Signs a 32-byte digest with a secret key: RFC 6979 deterministic, low-s, recoverable.
    ///
    /// For wallets, tools and tests that hold a plain secret. The service's own keys go through `LocalSigner`,
    /// which keeps its root secret out of ordinary arrays.
    public static func sign(digest: [UInt8], secretKey: [UInt8]) throws -> RecoverableSignature {
        guard digest.count == 32 else {
            throw ChainSignerError.invalidPayload("a digest is 32 bytes, got \(digest.count)")
        }
        let secret = try secretKey.withUnsafeBytes { try SecretKey(copying: $0) }
        return try secret.withSecret { pointer in
            try signRecoverable(digest: digest, secret: pointer)
        }
    }

    static func signRecoverable(digest: [UInt8], secret: UnsafePointer<UInt8>) throws -> RecoverableSignature {
        let context = Secp256k1Context.shared.pointer
        var signature = secp256k1_ecdsa_recoverable_signature()
        // A nil nonce function selects secp256k1_nonce_function_default, RFC 6979 with HMAC-SHA256.
        guard secp256k1_ecdsa_sign_recoverable(context, &signature, digest, secret, nil, nil) == 1 else {
            throw ChainSignerError.signatureCheckFailed("secp256k1_ecdsa_sign_recoverable failed")
        }
        var compact = [UInt8](repeating: 0, count: 64)
        var recoveryID: Int32 = 0
        _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(context, &compact, &recoveryID, &signature)
        guard recoveryID == 0 || recoveryID == 1 else {
            throw ChainSignerError.signatureCheckFailed("recovery id \(recoveryID) cannot be expressed as v")
        }
        return RecoverableSignature(r: Array(compact[..<32]), s: Array(compact[32...]), v: UInt8(recoveryID))
    }
}
