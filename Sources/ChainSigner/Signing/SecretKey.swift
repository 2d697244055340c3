import CSecp256k1

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A secp256k1 secret key in memory the class owns and wipes on release, so the secret is not left in
/// freed heap memory or copied around by array copy-on-write.
final class SecretKey: @unchecked Sendable {
    // Written once in init, read only afterwards: safe to share between threads.
    private let storage: UnsafeMutableRawBufferPointer

    /// Copies 32 bytes holding a scalar in 1…n−1.
    init(copying bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count == 32, Secp256k1.isValidScalar(Array(bytes)) else {
            throw ChainSignerError.invalidSecretKey("a secret key is 32 bytes in 1…n−1")
        }
        storage = .allocate(byteCount: 32, alignment: 16)
        storage.copyMemory(from: bytes)
    }

    deinit {
        wipe(storage)
        storage.deallocate()
    }

    /// The public key of this secret.
    var publicKey: Secp256k1PublicKey {
        var point = secp256k1_pubkey()
        let created = secp256k1_ec_pubkey_create(
            Secp256k1Context.shared.pointer,
            &point,
            storage.baseAddress!.assumingMemoryBound(to: UInt8.self)
        )
        precondition(created == 1, "a validated secret key has no public key")
        return Secp256k1PublicKey(point: point)
    }

    /// Runs `body` with the secret itself.
    func withSecret<Result>(_ body: (UnsafePointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafePointer(storage.baseAddress!.assumingMemoryBound(to: UInt8.self)))
    }

    /// Runs `body` with `secret + tweak mod n` in a temporary buffer that is wiped afterwards.
    func withTweakedSecret<Result>(_ tweak: [UInt8], _ body: (UnsafePointer<UInt8>) throws -> Result) throws -> Result {
        guard Secp256k1.isBelowOrder(tweak) else {
            throw ChainSignerError.tweakOutOfRange("a tweak is 32 bytes below the group order")
        }
        return try withUnsafeTemporaryAllocation(byteCount: 32, alignment: 16) { buffer in
            defer { wipe(buffer) }
            buffer.copyMemory(from: UnsafeRawBufferPointer(storage))
            let secret = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            guard secp256k1_ec_seckey_tweak_add(Secp256k1Context.shared.pointer, secret, tweak) == 1 else {
                throw ChainSignerError.derivationFailed("the derived secret key is zero")
            }
            return try body(UnsafePointer(secret))
        }
    }
}

/// Zeroes memory in a way the optimiser may not drop as a dead store.
func wipe(_ buffer: UnsafeMutableRawBufferPointer) {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return }
    #if canImport(Glibc)
    explicit_bzero(base, buffer.count)
    #else
    _ = memset_s(base, buffer.count, 0, buffer.count)
    #endif
}
