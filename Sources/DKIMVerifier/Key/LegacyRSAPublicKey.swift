import BigInt
import Foundation

/// RSA PKCS#1 v1.5 verification for keys under 1024 bits, which swift-crypto refuses to load.
///
/// Only reachable when an operator lowers the minimum key size (the DKIM test corpora are full of
/// 512- and 768-bit keys); a verified signature under such a key is still reported as `policy`
/// unless the policy allows it. Public-key operations need no constant-time care.
struct LegacyRSAPublicKey: Sendable {
    let components: RSAPublicKeyComponents

    func isValidSignature(_ signature: [UInt8], digest: [UInt8], algorithm: DKIMAlgorithm) -> Bool {
        let modulusLength = components.modulus.count
        guard signature.count == modulusLength else { return false }
        let modulus = BigUInt(Data(components.modulus))
        let signatureValue = BigUInt(Data(signature))
        guard signatureValue < modulus else { return false }
        let encoded = [UInt8](signatureValue.power(BigUInt(Data(components.exponent)), modulus: modulus).serialize())
        let padded = [UInt8](repeating: 0, count: modulusLength - encoded.count) + encoded
        return padded == Self.expectedEncoding(digest: digest, algorithm: algorithm, length: modulusLength)
    }

    /// EMSA-PKCS1-v1_5 (RFC 8017 9.2): 00 01 FF… 00 DigestInfo.
    private static func expectedEncoding(digest: [UInt8], algorithm: DKIMAlgorithm, length: Int) -> [UInt8]? {
        let digestInfoPrefix: [UInt8] =
            switch algorithm {
            case .rsaSHA1: [0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x05, 0x00, 0x04, 0x14]
            case .rsaSHA256, .ed25519SHA256:
                [0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20]
            }
        let digestInfo = digestInfoPrefix + digest
        let paddingLength = length - digestInfo.count - 3
        guard paddingLength >= 8 else { return nil }
        return [0x00, 0x01] + [UInt8](repeating: 0xFF, count: paddingLength) + [0x00] + digestInfo
    }
}
