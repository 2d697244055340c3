import ChainSigner
import Foundation

/// The MPC contract's answer to `sign`, the transaction's `SuccessValue` (near/mpc
/// `near-mpc-crypto-types` `SignatureResponse`):
/// `{"scheme":"Secp256k1","big_r":{"affine_point":"<66 hex>"},"s":{"scalar":"<64 hex>"},"recovery_id":0|1}`.
///
/// Nothing in it is trusted: `checked` accepts it only when it recovers, with its own recovery id,
/// to the key chainmail derived itself, and when s is low (PROTOCOL.md section 6). Anything else is
/// `signer_invalid_response`, which is permanent: the request is not sent again.
enum MPCSignatureAnswer {
    /// The signature in `successValue`, checked against `expectedKey` over `payload`.
    static func checked(
        _ successValue: [UInt8],
        payload: [UInt8],
        expectedKey: Secp256k1PublicKey,
        transactionHash: String
    ) throws -> RecoverableSignature {
        func refuse(_ why: String) -> ChainSignerError {
            .invalidResponse("the MPC answer of NEAR transaction \(transactionHash) is refused: \(why)")
        }
        let signature = try parse(successValue, refuse: refuse)
        guard Secp256k1.isLowS(signature.s) else { throw refuse("s is high (or zero): \(signature.s.hexString)") }
        let recovered: Secp256k1PublicKey
        do {
            recovered = try Secp256k1.recover(digest: payload, signature: signature)
        } catch {
            throw refuse("no key recovers from it: \(error)")
        }
        guard recovered == expectedKey else {
            throw refuse("it recovers to \(recovered), not to the derived key \(expectedKey)")
        }
        return signature
    }

    /// r, s and v from the JSON, with the shape checked; `big_r`'s prefix byte must be 02 or 03.
    private static func parse(_ value: [UInt8], refuse: (String) -> ChainSignerError) throws -> RecoverableSignature {
        let excerpt = String(decoding: value.prefix(300), as: UTF8.self)
        guard let object = try? JSONSerialization.jsonObject(with: Data(value)) as? [String: Any] else {
            throw refuse("not a JSON object: \(excerpt)")
        }
        if let scheme = object["scheme"] as? String, scheme != "Secp256k1" {
            throw refuse("scheme \(scheme), not Secp256k1")
        }
        guard let point = (object["big_r"] as? [String: Any])?["affine_point"] as? String, point.utf8.count == 66,
            let bigR = [UInt8](hex: point), bigR[0] == 2 || bigR[0] == 3
        else { throw refuse("big_r.affine_point is not a 33-byte compressed point in hex: \(excerpt)") }
        guard let scalar = (object["s"] as? [String: Any])?["scalar"] as? String, scalar.utf8.count == 64,
            let s = [UInt8](hex: scalar)
        else { throw refuse("s.scalar is not 32 bytes in hex: \(excerpt)") }
        guard let recoveryId = object["recovery_id"] as? NSNumber, recoveryId.stringValue == "0" || recoveryId.stringValue == "1" else {
            throw refuse("recovery_id is not 0 or 1: \(excerpt)")
        }
        return RecoverableSignature(r: Array(bigR.dropFirst()), s: s, v: recoveryId.uint8Value)
    }
}
