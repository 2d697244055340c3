import AccountEngine
import ErrorCodes
import Foundation
import Logging

/// The near-mpc signer's access key, held by one instance of those sharing a store.
///
/// NEAR orders one access key's transactions by nonce: two instances signing with one key would
/// take each other's nonces, and their requests would be refused and sent again, or overtaken. So
/// each instance signs with its own full-access key of the predecessor (`near.keyFile`), and never
/// waits for the others on its way to the chain: handing nonces out through the store would put a
/// store round trip, and a single order across instances, in front of every signature, and would
/// still not tell the chain which nonces a dead instance used.
///
/// The store keeps the rule: an instance claims its key at start as a worker lease named after the
/// key's public key (refused: `signer_access_key_in_use`), and renews it while it runs; one that
/// finds its key taken by another (after an outage longer than the lease) stops serving.
struct AccessKeyClaim: Sendable {
    let store: any WorkerLeaseStore
    let lease: WorkerLease
    let duration: Duration
    let renewInterval: Duration

    static func leaseName(publicKey: String) -> String { "near-access-key \(publicKey)" }

    /// Claims `publicKey` for `holder`; nil, with the current holder, when another instance has it.
    static func claim(
        publicKey: String,
        store: any WorkerLeaseStore,
        holder: String,
        duration: Duration,
        renewInterval: Duration
    ) async throws -> AccessKeyClaim? {
        guard let lease = try await store.acquireLease(leaseName(publicKey: publicKey), holder: holder, for: duration) else { return nil }
        return AccessKeyClaim(store: store, lease: lease, duration: duration, renewInterval: renewInterval)
    }

    /// Renews the claim until cancelled. A renewal the store cannot answer is tried again; one it
    /// refuses (the lease expired) is claimed again; returns, ending serve, when another instance
    /// holds the key by then.
    func hold(logger: Logger) async {
        var lease = self.lease
        while !Task.isCancelled {
            try? await Task.sleep(for: renewInterval)
            if Task.isCancelled { break }
            do {
                if try await store.renewLease(lease, for: duration) { continue }
                if let again = try await store.acquireLease(lease.name, holder: lease.holder, for: duration) {
                    lease = again
                    continue
                }
                logger.critical(
                    "\(ErrorCode.signerAccessKeyInUse.name): another instance took this instance's near-mpc access key while its claim had lapsed; stopping",
                    metadata: ["lease": "\(lease.name)"]
                )
                return
            } catch {
                logger.warning("near-mpc access key claim not renewed: \(error)", metadata: ["lease": "\(lease.name)"])
            }
        }
        try? await store.releaseLease(lease)
    }
}
