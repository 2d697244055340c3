/// The nonces of one NEAR access key, handed out strictly increasing, and the order in which the
/// transactions that use them are submitted.
///
/// The RPC refuses a transaction whose nonce is not above the key's current one, so a transaction
/// with nonce 8 admitted before the one with nonce 7 makes the latter fail. `submit` therefore runs
/// nonce assignment and submission one caller at a time, in arrival order: each transaction leaves
/// only once the previous one has been answered (admitted or refused). Waiting for the outcomes
/// happens outside, concurrently.
actor NEARNonceTracker {
    /// Reads the key's nonce from the chain (`view_access_key`).
    typealias NonceReader = @Sendable () async throws -> UInt64

    private let readNonce: NonceReader
    /// The highest nonce handed out, or learnt from the chain; the next one is above it.
    private var highest: UInt64?
    /// Set when the chain's nonce must be read again before the next nonce.
    private var needsRead = true
    private var submitting = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// A tracker that reads the chain's nonce on first use; `knownNonce`, when given (read at
    /// start-up), saves that read.
    init(knownNonce: UInt64? = nil, readNonce: @escaping NonceReader) {
        self.readNonce = readNonce
        if let knownNonce {
            highest = knownNonce
            needsRead = false
        }
    }

    /// Runs `submission` with the next nonce, after every earlier submission has returned.
    func submit<T: Sendable>(_ submission: @Sendable (UInt64) async throws -> T) async throws -> T {
        await takeTurn()
        defer { passTurn() }
        if needsRead {
            let chainNonce = try await readNonce()
            highest = max(highest ?? 0, chainNonce)
            needsRead = false
        }
        let nonce = (highest ?? 0) + 1
        highest = nonce
        return try await submission(nonce)
    }

    /// After an `InvalidNonce` refusal: the key's nonce is at least `accessKeyNonce` (read again from
    /// the chain when the RPC did not say). Never goes below a nonce already handed out.
    func resynchronise(accessKeyNonce: UInt64?) {
        if let accessKeyNonce {
            highest = max(highest ?? 0, accessKeyNonce)
        } else {
            needsRead = true
        }
    }

    /// The highest nonce handed out so far (for tests and logs).
    var highestNonce: UInt64? { highest }

    private func takeTurn() async {
        guard submitting else {
            submitting = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func passTurn() {
        if waiting.isEmpty {
            submitting = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
