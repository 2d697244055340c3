import ChainSigner

/// `evm:` identities: an EIP-191 `personal_sign` signature (section 4). The signature is `0x` +
/// 130 hex digits r‖s‖v with v in {0, 1, 27, 28}; a high-s signature is refused even though it
/// recovers, because it is the malleable twin of a low-s one.
public struct EVMPersonalSignVerifier: ProofVerifier {
    public init() {}

    public func verify(_ proof: ProofInput) async -> ProofVerdict {
        Self.check(proof)
    }

    /// The digest a wallet signs for `personal_sign(message)`.
    public static func digest(of message: String) -> [UInt8] {
        let body = Array(message.utf8)
        return Keccak256.hash(Array("\u{19}Ethereum Signed Message:\n\(body.count)".utf8) + body)
    }

    static func check(_ proof: ProofInput) -> ProofVerdict {
        guard case .pubKey(let claimed) = proof.identity.value, proof.identity.kind == .evm else {
            return .refused(.unsupportedIdentity("the EVM verifier only checks evm: identities"))
        }
        guard let text = proof.messageSignature else {
            return .refused(.invalidSignature("an evm: identity is proven by a personal_sign messageSignature"))
        }
        guard text.utf8.count == 132, text.hasPrefix("0x") || text.hasPrefix("0X"),
            let bytes = [UInt8](hex: text.dropFirst(2))
        else {
            return .refused(.invalidSignature("messageSignature must be 0x followed by 130 hex digits (r‖s‖v)"))
        }
        let r = Array(bytes[0..<32])
        let s = Array(bytes[32..<64])
        let recoveryId: UInt8
        switch bytes[64] {
        case 0, 1: recoveryId = bytes[64]
        case 27, 28: recoveryId = bytes[64] - 27
        default: return .refused(.invalidSignature("signature v must be 0, 1, 27 or 28"))
        }
        guard Secp256k1.isLowS(s) else {
            return .refused(.invalidSignature("signature s is high (above n/2) or zero; only low-s signatures are accepted"))
        }
        let recovered: Secp256k1PublicKey
        do {
            recovered = try Secp256k1.recover(
                digest: digest(of: proof.message),
                signature: RecoverableSignature(r: r, s: s, v: recoveryId)
            )
        } catch {
            return .refused(.invalidSignature("no public key recovers from the signature"))
        }
        let address = IdentityKind.evm.prefix + ChainAddress.evm(recovered)
        guard address == claimed else {
            return .refused(.invalidSignature("the signature recovers to another address"))
        }
        return .valid
    }
}
