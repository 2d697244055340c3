import ByteEncoding
import Crypto

/// `near:ed25519:` identities: a NEP-413 signed message (section 4). The nonce is the 32 txHash
/// bytes and the recipient the configured service id, so a signature made for another
/// transaction or another service does not verify. The signature is the standard, padded base64
/// text of its 64 bytes, in its one canonical spelling.
public struct NEP413SignatureVerifier: ProofVerifier {
    /// The NEP-413 `recipient` this service expects (`AuthenticationSettings.serviceId`).
    public let recipient: String

    public init(recipient: String) {
        self.recipient = recipient
    }

    public func verify(_ proof: ProofInput) async -> ProofVerdict {
        check(proof)
    }

    func check(_ proof: ProofInput) -> ProofVerdict {
        let key: Curve25519.Signing.PublicKey
        switch Ed25519Signature.publicKey(of: proof.identity, kind: .near) {
        case .success(let found): key = found
        case .failure(let error): return .refused(error)
        }
        guard let text = proof.messageSignature else {
            return .refused(.invalidSignature("a near: identity is proven by a NEP-413 messageSignature"))
        }
        guard text.utf8.count == 88, let signature = Base64.decode(text, .standardPadded), signature.count == 64 else {
            return .refused(.invalidSignature("messageSignature must be the padded standard base64 text of a 64-byte ed25519 signature"))
        }
        let payload = NEP413Payload(message: proof.message, nonce: proof.txHash, recipient: recipient)
        guard Ed25519Signature.verify(signature, over: payload.signedDigest, by: key) else {
            return .refused(
                .invalidSignature("the NEP-413 signature does not verify for this message, txHash nonce and recipient \(quoted(recipient))")
            )
        }
        return .valid
    }
}
