import AccountEngine
import ChainSigner

extension RootKeyRecordStore {
    /// Records `root` as the root public key of every instance on this store at its first use
    /// (`serve`'s first start, or `init`); nil when it is the one recorded, else the
    /// `signer_root_key_mismatch` that names both.
    func checkRoot(_ root: Secp256k1PublicKey) async throws -> ChainSignerError? {
        let recorded = try await recordRootPublicKey(root.compressed)
        guard recorded != root.compressed else { return nil }
        let recordedText = (try? Secp256k1PublicKey(bytes: recorded).nearFormat) ?? "0x" + recorded.hexString
        return .rootKeyMismatch(
            "this instance's root public key \(root.nearFormat) is not the one the store records, \(recordedText): every instance on one store must sign with the same root (signer.rootKeyFile, or signer.rootPublicKey with near-mpc)"
        )
    }
}
