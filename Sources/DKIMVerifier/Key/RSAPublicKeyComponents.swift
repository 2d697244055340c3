import SwiftASN1

/// The modulus and exponent of an RSA key in DER, as DKIM's `p=` holds it: SubjectPublicKeyInfo
/// (what RFC 6376 specifies) or a bare PKCS#1 RSAPublicKey (what some signers publish).
struct RSAPublicKeyComponents: Sendable {
    /// Big-endian, without leading zero bytes.
    let modulus: [UInt8]
    let exponent: [UInt8]

    var bits: Int {
        guard let first = modulus.first else { return 0 }
        return modulus.count * 8 - first.leadingZeroBitCount
    }

    init?(der: [UInt8]) {
        guard let root = try? DER.parse(der) else { return nil }
        if let components = try? Self.pkcs1(root) {
            self = components
        } else if let inner = try? Self.subjectPublicKeyInfoKey(root), let innerRoot = try? DER.parse(inner),
            let components = try? Self.pkcs1(innerRoot)
        {
            self = components
        } else {
            return nil
        }
    }

    private init(modulus: ArraySlice<UInt8>, exponent: ArraySlice<UInt8>) {
        self.modulus = Array(modulus.drop { $0 == 0 })
        self.exponent = Array(exponent.drop { $0 == 0 })
    }

    private struct Malformed: Error {}

    private static let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 1]

    private static func pkcs1(_ node: ASN1Node) throws -> RSAPublicKeyComponents {
        try DER.sequence(node, identifier: .sequence) { nodes in
            guard let modulusNode = nodes.next(), let exponentNode = nodes.next() else { throw Malformed() }
            let modulus = try ArraySlice<UInt8>(derEncoded: modulusNode)
            let exponent = try ArraySlice<UInt8>(derEncoded: exponentNode)
            return RSAPublicKeyComponents(modulus: modulus, exponent: exponent)
        }
    }

    private static func subjectPublicKeyInfoKey(_ node: ASN1Node) throws -> [UInt8] {
        try DER.sequence(node, identifier: .sequence) { nodes in
            guard let algorithmNode = nodes.next(), let keyNode = nodes.next() else { throw Malformed() }
            let algorithm = try DER.sequence(algorithmNode, identifier: .sequence) { parts in
                guard let oidNode = parts.next() else { throw Malformed() }
                let oid = try ASN1ObjectIdentifier(derEncoded: oidNode)
                _ = parts.next()  // parameters: NULL, or absent
                return oid
            }
            guard algorithm == rsaEncryption else { throw Malformed() }
            return Array(try ASN1BitString(derEncoded: keyNode).bytes)
        }
    }
}
