import AccountEngine
import ChainSigner
import Foundation
import Synchronization

/// The local signer's keys behind a signer that says it is remote, for the engine's `signing`
/// state machine: it counts requests, can be slow, can fail for a while or for good, and records
/// what the store held when each request arrived (the end-to-end runs use the near-mpc signer
/// against the NEAR stand-in).
final class ScriptedRemoteSigner: Signer {
    enum Failure: Sendable {
        case temporary
        case permanent
    }

    let local: LocalSigner
    var predecessor: String { local.predecessor }
    var isRemote: Bool { true }
    private let state = Mutex<(requests: Int, failures: [Failure], latency: Duration)>((0, [], .zero))
    /// Called with each request's payload before it is answered (to look at the store then).
    let onRequest: @Sendable ([UInt8]) async -> Void

    init(_ local: LocalSigner, failures: [Failure] = [], latency: Duration = .zero, onRequest: @escaping @Sendable ([UInt8]) async -> Void = { _ in })
    {
        self.local = local
        self.onRequest = onRequest
        state.withLock { $0 = (0, failures, latency) }
    }

    var requests: Int { state.withLock { $0.requests } }

    func rootPublicKey() async throws -> Secp256k1PublicKey { try await local.rootPublicKey() }

    func sign(payload: [UInt8], derivationPath: String) async throws -> DerivedSignature {
        let (failure, latency) = state.withLock { state in
            state.requests += 1
            return (state.failures.isEmpty ? nil : state.failures.removeFirst(), state.latency)
        }
        await onRequest(payload)
        try await Task.sleep(for: latency)
        switch failure {
        case .temporary?: throw ChainSignerError.signerUnavailable("the scripted signer is down for now")
        case .permanent?: throw ChainSignerError.invalidResponse("the scripted signer answered a signature for another key")
        case nil: return try await local.sign(payload: payload, derivationPath: derivationPath)
        }
    }
}
