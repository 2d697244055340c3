import ByteEncoding
import ChainSigner
import Crypto

/// `solana:` identities: an ed25519 signature over the UTF-8 bytes of `message` (section 4),
/// written as the base58 text of its 64 bytes, as Solana wallets' `signMessage` returns it.
///
/// Only the canonical base58 text of exactly 64 bytes is accepted: extra leading `1`s (zero
/// bytes) or any other spelling of the same bytes are refused, so one signature has one text.
public struct SolanaSignatureVerifier: ProofVerifier {
    public init() {}

    public func verify(_ proof: ProofInput) async -> ProofVerdict {
        Self.check(proof)
    }

    static func check(_ proof: ProofInput) -> ProofVerdict {
        let key: Curve25519.Signing.PublicKey
        switch Ed25519Signature.publicKey(of: proof.identity, kind: .solana) {
        case .success(let found): key = found
        case .failure(let error): return .refused(error)
        }
        guard let text = proof.messageSignature else {
            return .refused(.invalidSignature("a solana: identity is proven by an ed25519 messageSignature"))
        }
        guard let signature = decodeSignature(text) else {
            return .refused(.invalidSignature("messageSignature must be the canonical base58 text of a 64-byte ed25519 signature"))
        }
        guard Ed25519Signature.verify(signature, over: Array(proof.message.utf8), by: key) else {
            return .refused(.invalidSignature("the ed25519 signature does not verify over the message with the solana: key"))
        }
        return .valid
    }

    /// 64 bytes, from their one canonical base58 spelling (at most 88 characters).
    static func decodeSignature(_ text: String) -> [UInt8]? {
        guard let bytes = Base58.decode(text, maximumLength: 90), bytes.count == 64, Base58.encode(bytes) == text else { return nil }
        return bytes
    }
}
