/// Something that signs 32-byte payloads with keys derived the NEAR MPC way (PROTOCOL.md section 6):
/// the embedded `LocalSigner`, or the NEAR MPC network.
public protocol Signer: Sendable {
    /// The NEAR account id that calls the signer, part of every tweak.
    var predecessor: String { get }

    /// Whether a request leaves the process (and becomes public, as on NEAR): such a signer is
    /// asked only for a transaction whose nonce is already committed (PROTOCOL.md section 6).
    var isRemote: Bool { get }

    /// The key every derived key is a tweak of.
    func rootPublicKey() async throws -> Secp256k1PublicKey

    /// Throws when the signer could not sign now (GET /readyz): its root key cannot be read, or
    /// a remote signer's network does not answer.
    func checkReadiness() async throws

    /// Signs `payload` (32 bytes, below n) with the key derived for `derivationPath`.
    /// Throws `payload_out_of_range` for a payload ≥ n, `invalid_payload` for one that is not 32 bytes.
    func sign(payload: [UInt8], derivationPath: String) async throws -> DerivedSignature
}

extension Signer {
    /// A signer is local unless it says otherwise.
    public var isRemote: Bool { false }

    /// Ready when it can give its root key.
    public func checkReadiness() async throws {
        _ = try await rootPublicKey()
    }

    /// The public key derived for `derivationPath`, without signing anything.
    public func derivedPublicKey(derivationPath: String) async throws -> Secp256k1PublicKey {
        let tweak = try NearKeyDerivation.tweak(predecessor: predecessor, path: derivationPath)
        return try NearKeyDerivation.derivePublicKey(root: try await rootPublicKey(), tweak: tweak)
    }
}
