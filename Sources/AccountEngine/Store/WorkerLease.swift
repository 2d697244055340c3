import Foundation
import Logging
import Synchronization

/// The right of one holder to run one background worker (the IMAP poller, the SMTP replier, …)
/// for a while, as a store granted it. `generation` rises by one with every grant of `name`, to
/// any holder: it is a fencing token, so a write that must come from the current holder alone can
/// check it, and a renewal or release of an earlier grant does nothing.
public struct WorkerLease: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let holder: String
    public let generation: Int64

    public init(name: String, holder: String, generation: Int64) {
        self.name = name
        self.holder = holder
        self.generation = generation
    }

    public var description: String { "\(name) (holder \(holder), generation \(generation))" }
}

/// Where worker leases live: a lease of a name is granted to one holder at a time, for a duration
/// measured by the store's own clock (the database server's, for PostgreSQL), so the clocks of
/// the instances asking need not agree.
///
/// A lease is granted only when its name is free: never granted, released, or expired. A holder
/// that asks again while its own grant runs is refused like any other (two processes given the
/// same holder id never both hold it), and takes it once that grant has expired.
public protocol WorkerLeaseStore: Sendable {
    /// Grants `name` to `holder` for `duration` from now if it is free; nil while another grant runs.
    func acquireLease(_ name: String, holder: String, for duration: Duration) async throws -> WorkerLease?

    /// Extends `lease` to `duration` from now if it is still the running grant of its name (not
    /// expired, not released, not followed by another); false, with nothing changed, otherwise.
    func renewLease(_ lease: WorkerLease, for duration: Duration) async throws -> Bool

    /// Ends `lease` now if it is still the running grant, so another holder may take the name at
    /// once; does nothing otherwise.
    func releaseLease(_ lease: WorkerLease) async throws
}

/// Runs a body only while this instance holds a worker lease: one of several instances sharing a
/// store runs it at a time, and another takes over when that one stops or dies.
///
/// `run` asks for the lease every `renewInterval` until it is granted, then runs the body in a
/// child task and renews the lease every `renewInterval`. The body is cancelled at once when a
/// renewal fails (an error, or the store says the lease is no longer this grant), and when no
/// renewal has answered by the lease's safe end: `leaseDuration - renewInterval` after the last
/// successful request was sent. The store's clock started the grant no earlier than that request
/// was sent, so the body is told to stop at least `renewInterval` before the store can grant the
/// lease to anyone else, however long the store takes to answer (a half-open connection included).
/// `run` waits for the body to return before it asks again or releases; a body must therefore
/// return promptly when cancelled (within `renewInterval`), as the service loops do.
///
/// When the holder dies without releasing, its grant expires at most `leaseDuration` after its
/// last renewal, and another instance asking every `renewInterval` takes it within
/// `leaseDuration + renewInterval` of the death (plus one store round trip). On cancellation
/// `run` cancels the body, waits for it, releases the lease (so another takes over within one
/// `renewInterval`) and returns.
public struct WorkerLeadership: Sendable {
    public let store: any WorkerLeaseStore
    public let name: String
    public let holder: String
    public let leaseDuration: Duration
    public let renewInterval: Duration
    let logger: Logger

    /// `leaseDuration` must exceed twice `renewInterval` (at least one renewal before the safe
    /// end): `invalid_configuration` otherwise. `holder` names this instance in the store and in
    /// logs (an instance id, best with something unique to the process).
    public init(
        store: any WorkerLeaseStore,
        name: String,
        holder: String,
        leaseDuration: Duration = .seconds(30),
        renewInterval: Duration = .seconds(5),
        logger: Logger = Logger(label: "chainmail.lease")
    ) throws(EngineError) {
        guard renewInterval > .zero, leaseDuration > renewInterval * 2 else {
            throw EngineError(
                .invalidConfiguration,
                message: "a worker lease must last more than twice its renew interval (lease \(leaseDuration), renew every \(renewInterval))"
            )
        }
        guard !name.isEmpty, !holder.isEmpty else {
            throw EngineError(.invalidConfiguration, message: "a worker lease needs a name and a holder")
        }
        self.store = store
        self.name = name
        self.holder = holder
        self.leaseDuration = leaseDuration
        self.renewInterval = renewInterval
        var logger = logger
        logger[metadataKey: "lease"] = "\(name)"
        logger[metadataKey: "holder"] = "\(holder)"
        self.logger = logger
    }

    /// Runs `body` (given the lease it runs under) whenever this instance holds the lease, again
    /// after each loss, until cancelled; then releases the lease and returns. A body that returns
    /// or throws by itself (not cancelled) ends `run` the same way, after the release, with what
    /// it threw.
    public func run(_ body: @escaping @Sendable (WorkerLease) async throws -> Void) async throws {
        while let acquired = await acquire() {
            let (lease, safeEnd) = acquired
            logger.info("worker lease acquired: running \(name)")
            let end = await hold(lease, safeEnd: safeEnd, body)
            await release(lease)
            if Task.isCancelled {
                logger.info("worker lease released: \(name) stopped")
                return
            }
            switch end {
            case .finished(let result):
                logger.info("worker lease released: \(name) returned")
                try result.get()
                return
            case .lost(let reason):
                logger.warning("worker lease lost, \(name) stopped: \(reason)")
                try? await Task.sleep(for: renewInterval)
            }
        }
    }

    /// How holding the lease ended.
    private enum HeldEnd: Sendable {
        /// The body returned or threw by itself (or was cancelled with `run`).
        case finished(Result<Void, any Error>)
        /// The lease could not be kept; the body was cancelled.
        case lost(String)
    }

    /// The lease with the instant its grant is safe until, asking every `renewInterval`; nil once cancelled.
    private func acquire() async -> (WorkerLease, ContinuousClock.Instant)? {
        var lastFailure: String?
        while !Task.isCancelled {
            let sent = ContinuousClock.now
            let safeEnd = sent + leaseDuration - renewInterval
            let (store, name, holder, leaseDuration) = (store, self.name, self.holder, self.leaseDuration)
            let answer = await answered(by: safeEnd) { try await store.acquireLease(name, holder: holder, for: leaseDuration) }
            switch answer {
            case .success(let lease?):
                return (lease, safeEnd)
            case .success(nil):
                lastFailure = nil
            case .failure(let error):
                if lastFailure != "\(error)" { logger.warning("worker lease not acquired: \(error)") }
                lastFailure = "\(error)"
            case nil:
                // Unanswered by the safe end: if granted after all, the grant expires unused.
                if !Task.isCancelled { logger.warning("worker lease request unanswered for \(leaseDuration - renewInterval)") }
            }
            try? await Task.sleep(until: sent + renewInterval, clock: .continuous)
        }
        return nil
    }

    /// Runs `body` while renewing `lease`; the first to end cancels the other, and both have
    /// ended when this returns.
    private func hold(
        _ lease: WorkerLease,
        safeEnd: ContinuousClock.Instant,
        _ body: @escaping @Sendable (WorkerLease) async throws -> Void
    ) async -> HeldEnd {
        await withTaskGroup(of: HeldEnd?.self) { group in
            group.addTask {
                do {
                    try await body(lease)
                    return .finished(.success(()))
                } catch {
                    return .finished(.failure(error))
                }
            }
            group.addTask { await keepRenewed(lease, safeEnd: safeEnd) }
            let first = await group.next() ?? nil
            group.cancelAll()
            await group.waitForAll()
            return first ?? .finished(.success(()))
        }
    }

    /// Renews `lease` every `renewInterval` until a renewal fails (`.lost`) or it is cancelled (nil).
    private func keepRenewed(_ lease: WorkerLease, safeEnd: ContinuousClock.Instant) async -> HeldEnd? {
        var safeEnd = safeEnd
        var sent = safeEnd - (leaseDuration - renewInterval)
        while true {
            try? await Task.sleep(until: sent + renewInterval, clock: .continuous)
            if Task.isCancelled { return nil }
            sent = ContinuousClock.now
            guard sent < safeEnd else { return .lost("no renewal answered before the lease's safe end") }
            let (store, leaseDuration) = (store, self.leaseDuration)
            switch await answered(by: safeEnd, { try await store.renewLease(lease, for: leaseDuration) }) {
            case .success(true):
                safeEnd = sent + leaseDuration - renewInterval
            case .success(false):
                return .lost("the store no longer holds this grant (expired or taken over)")
            case .failure(let error):
                return .lost("renewal failed: \(error)")
            case nil:
                return Task.isCancelled ? nil : .lost("no renewal answered before the lease's safe end")
            }
        }
    }

    /// Releases `lease`, whether or not `run` is being cancelled, waiting at most `renewInterval`
    /// (a store that does not answer lets the grant expire instead).
    private func release(_ lease: WorkerLease) async {
        let store = self.store
        let answer = await answered(by: .now + renewInterval, cancellable: false) { try await store.releaseLease(lease) }
        switch answer {
        case .success:
            break
        case .failure(let error):
            logger.warning("worker lease not released (it expires by itself): \(error)")
        case nil:
            logger.warning("worker lease release unanswered (it expires by itself)")
        }
    }
}
