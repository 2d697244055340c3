/// A signature by a derived key, with the path and key it came from: the substance of a CallChainSig result.
public struct DerivedSignature: Sendable, Hashable {
    public var derivationPath: String
    public var publicKey: Secp256k1PublicKey
    public var signature: RecoverableSignature

    public init(derivationPath: String, publicKey: Secp256k1PublicKey, signature: RecoverableSignature) {
        self.derivationPath = derivationPath
        self.publicKey = publicKey
        self.signature = signature
    }
}
