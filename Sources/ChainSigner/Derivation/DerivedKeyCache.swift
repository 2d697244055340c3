import Synchronization

/// The tweak and derived public key of each derivation path a signer has used, so that a path
/// signed for again (a user's usual chain) costs no SHA3 and no elliptic-curve multiplication.
/// Both are public values derived from public inputs; the derived secret is never kept.
/// Bounded: when full it starts over, which is cheap and keeps memory flat.
final class DerivedKeyCache: Sendable {
    struct Entry: Sendable {
        let tweak: [UInt8]
        let publicKey: Secp256k1PublicKey
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let capacity: Int

    init(capacity: Int = 16_384) {
        self.capacity = capacity
    }

    func entry(path: String, derive: (String) throws -> Entry) rethrows -> Entry {
        if let cached = entries.withLock({ $0[path] }) { return cached }
        let derived = try derive(path)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[path] = derived
        }
        return derived
    }
}
