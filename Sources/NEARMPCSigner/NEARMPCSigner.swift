import AsyncHTTPClient
import ChainSigner
import Foundation
import Logging
import NEARClient

/// The `near-mpc` signer: each signature is a NEAR transaction from the predecessor account to the
/// MPC contract's `sign` method, and the answer is used only once it recovers to the key chainmail
/// derived itself from the pinned root public key, with a low s (PROTOCOL.md section 6,
/// docs/near-mpc.md).
///
/// `start()` checks the set-up once (key file, pinned root key, full-access key); `sign` starts it
/// when it has not run. One `sign` sends one transaction: an answer lost after sending (a time-out,
/// a dropped connection, an HTTP 5xx) is followed by `EXPERIMENTAL_tx_status` polls of the same hash
/// until `statusDeadline`, never by a second transaction. Only a transaction the RPC refused (and
/// so never ran) is rebuilt and sent again: for a used nonce (up to `maximumNonceAttempts`) or an
/// expired block hash (once).
///
/// Concurrent polls each hold an HTTP connection while the RPC waits: `HTTPClient.shared` keeps 8
/// per host, so pass a client with a larger pool for many concurrent signatures.
///
/// Submission: transactions of the one access key leave in nonce order, each once the previous one
/// is answered (`send_tx` with `wait_until` `INCLUDED`, which reports a refusal at once); their
/// outcomes are then awaited concurrently (`EXPERIMENTAL_tx_status`, `EXECUTED_OPTIMISTIC`).
///
/// Errors: `NEARMPCSigner.signerError(_:while:)` says which are temporary.
public actor NEARMPCSigner: Signer {
    /// How many transactions one `sign` sends at most when the RPC refuses their nonce.
    public static let maximumNonceAttempts = 5

    public nonisolated let configuration: NEARMPCSignerConfiguration
    nonisolated let client: NEARRPCClient
    nonisolated let logger: Logger
    private var session: Session?
    private var starting: Task<Session, any Error>?

    /// What `start()` established: the key, its nonces, a recent block.
    struct Session: Sendable {
        var credentials: NEARCredentials
        var nonces: NEARNonceTracker
        var blocks: NEARBlockHashCache
    }

    /// A signer over `configuration`; nothing is read or called before `start()` or the first `sign`.
    public init(configuration: NEARMPCSignerConfiguration, httpClient: HTTPClient = .shared, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.client = NEARRPCClient(
            rpcURL: configuration.rpcURL,
            httpClient: httpClient,
            requestTimeout: configuration.requestTimeout,
            logger: logger
        )
    }

    public nonisolated var predecessor: String { configuration.predecessor }

    /// Its requests are public NEAR transactions.
    public nonisolated var isRemote: Bool { true }

    /// The pinned root public key (which `start()` has compared with the contract's).
    public nonisolated func rootPublicKey() async throws -> Secp256k1PublicKey {
        configuration.rootPublicKey
    }

    /// Checks the set-up, in this order:
    /// - the key file reads (`near_key_file_invalid`) and its `account_id` is the predecessor
    ///   (`invalid_configuration`);
    /// - the contract's `public_key` view is the pinned root key (`signer_root_key_mismatch`);
    /// - the key is a full-access key of the predecessor (`near_key_not_authorised`).
    ///
    /// An RPC that cannot be reached or answers late is `signer_unavailable` (temporary).
    public func start() async throws {
        _ = try await startedSession()
    }

    /// Signs `payload` by asking the MPC contract (one NEAR transaction), and checks the answer.
    ///
    /// Throws `invalid_payload` (not 32 bytes) and `payload_out_of_range` (≥ n) before anything is
    /// sent, `signer_invalid_response` for an answer that fails the checks (permanent), and the
    /// errors of `signerError(_:while:)`.
    public func sign(payload: [UInt8], derivationPath: String) async throws -> DerivedSignature {
        guard payload.count == 32 else {
            throw ChainSignerError.invalidPayload("a payload is 32 bytes, got \(payload.count)")
        }
        guard Secp256k1.isBelowOrder(payload) else {
            throw ChainSignerError.payloadOutOfRange("the payload is not below the secp256k1 group order n")
        }
        let session = try await startedSession()
        return try await signRemotely(payload: payload, derivationPath: derivationPath, session: session)
    }

    /// Ready once started (its checks passed) and while the RPC answers a final block (cached 5 s,
    /// so GET /readyz asks NEAR at most that often).
    public func checkReadiness() async throws {
        let session = try await startedSession()
        _ = try await session.blocks.current()
    }

    private func startedSession() async throws -> Session {
        if let session { return session }
        if let starting { return try await starting.value }
        let (configuration, client, logger) = (configuration, client, logger)
        let task = Task { try await Self.open(configuration: configuration, client: client, logger: logger) }
        starting = task
        defer { starting = nil }
        let opened = try await task.value
        session = opened
        return opened
    }
}
