import CSecp256k1

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The embedded signer: a root secret kept in the data directory, RFC 6979 deterministic ECDSA with
/// low s (checked before a signature leaves the process).
public final class LocalSigner: Signer {
    public let predecessor: String
    private let rootSecret: SecretKey
    private let rootKey: Secp256k1PublicKey
    private let derivedKeys = DerivedKeyCache()

    /// Loads the root secret from `<dataDirectory>/signer/root.key`, creating it (0600, in a 0700
    /// directory) on first use. Refuses a file readable by others (`root_key_permissions`) or one that is
    /// not exactly 32 bytes of a valid secret (`root_key_invalid`).
    public convenience init(dataDirectory: String, predecessor: String) throws {
        self.init(rootSecret: try RootKeyFile(dataDirectory: dataDirectory).loadOrCreate(), predecessor: predecessor)
    }

    /// The signer of an existing root key; refuses with `root_key_missing` rather than create one.
    public convenience init(existingIn dataDirectory: String, predecessor: String) throws {
        self.init(rootSecret: try RootKeyFile(dataDirectory: dataDirectory).loadExisting(), predecessor: predecessor)
    }

    /// The signer of the root key in `rootKeyFile` (`signer.rootKeyFile`), shared by the
    /// instances on one store: the same format and checks as the data directory's file; refuses
    /// with `root_key_missing` rather than create one.
    public convenience init(rootKeyFile: String, predecessor: String) throws {
        self.init(rootSecret: try RootKeyFile(configuredPath: rootKeyFile).loadConfigured(), predecessor: predecessor)
    }

    /// Whether `dataDirectory` holds a root key file (readable or not).
    public static func hasRootKey(in dataDirectory: String) -> Bool {
        var status = stat()
        return lstat(RootKeyFile(dataDirectory: dataDirectory).path, &status) == 0
    }

    /// A signer over a given root secret, for tests and tools that reproduce published vectors.
    package convenience init(rootSecret: [UInt8], predecessor: String) throws {
        let secret = try rootSecret.withUnsafeBytes { try SecretKey(copying: $0) }
        self.init(rootSecret: secret, predecessor: predecessor)
    }

    private init(rootSecret: SecretKey, predecessor: String) {
        self.predecessor = predecessor
        self.rootSecret = rootSecret
        self.rootKey = rootSecret.publicKey
    }

    public func rootPublicKey() async throws -> Secp256k1PublicKey {
        rootKey
    }

    // Signing takes tens of microseconds of CPU and no I/O, so it runs inline rather than on another thread.
    public func sign(payload: [UInt8], derivationPath: String) async throws -> DerivedSignature {
        try signSynchronously(payload: payload, derivationPath: derivationPath)
    }

    /// `sign` without the suspension point, for callers that are not async.
    public func signSynchronously(payload: [UInt8], derivationPath: String) throws -> DerivedSignature {
        guard payload.count == 32 else {
            throw ChainSignerError.invalidPayload("a payload is 32 bytes, got \(payload.count)")
        }
        guard Secp256k1.isBelowOrder(payload) else {
            throw ChainSignerError.payloadOutOfRange("the payload is not below the secp256k1 group order n")
        }
        let derived = try derivedKeys.entry(path: derivationPath) { path in
            let tweak = try NearKeyDerivation.tweak(predecessor: predecessor, path: path)
            return .init(tweak: tweak, publicKey: try NearKeyDerivation.derivePublicKey(root: rootKey, tweak: tweak))
        }
        let signature = try rootSecret.withTweakedSecret(derived.tweak) { secret in
            try Secp256k1.signRecoverable(digest: payload, secret: secret)
        }
        // libsecp256k1 always signs low-s; a high s would mean a broken library, and such a
        // signature must not leave the process. (Recovering each signature to re-check it would
        // cost a second EC multiplication per signature; the tests check recovery against the vectors.)
        guard Secp256k1.isLowS(signature.s) else {
            throw ChainSignerError.signatureCheckFailed("libsecp256k1 produced a high-s signature")
        }
        return DerivedSignature(derivationPath: derivationPath, publicKey: derived.publicKey, signature: signature)
    }
}
