import Foundation

/// Executions through a remote signer (PROTOCOL.md section 6): the nonce is committed and the
/// transaction recorded as `signing` before any request leaves the process; the signatures are
/// asked for after, and their end recorded. Two executions racing for one nonce can never both
/// obtain a signature. An attempt that fails for a while leaves the transaction `signing` for the
/// signing worker (`runSigningWorker`), which tries again with back-off, after a restart too; a
/// refusal for good ends it `failed`, its nonce still used.
extension AccountEngine {
    /// How long one attempt holds a `signing` transaction before another may take it over (a
    /// near-mpc request polls a timed-out NEAR transaction for up to 3 minutes).
    static let signingLease: TimeInterval = 600

    /// What one signing attempt came to.
    enum SigningAttempt: Sendable {
        case signed([ChainSignatureResult])
        case failed(EngineError)
        /// Failed for a while: the transaction stays `signing` and is tried again later.
        case willRetry(EngineError)
        /// Another attempt had ended it, or its end could not be written.
        case abandoned
    }

    /// Commits `commit` as `signing`, then asks for the signatures, waiting `wait` at most for them.
    func runSigning(
        _ commit: AccountCommit,
        work: SigningWork,
        plan: ActionPlan,
        wait: Duration,
        mailRecord: (ExecutionOutcome) -> MailLedgerRecord?
    ) async throws(EngineError) -> ExecutionOutcome {
        var commit = commit
        commit.signing = (work, now().addingTimeInterval(Self.signingLease))
        let signing = SigningInProgress(txHash: commit.txHash, accountId: commit.accountId)
        commit.mailRecord = mailRecord(.signing(signing))
        try await commitOrRefuse(commit)

        let transaction = SigningTransaction(txHash: commit.txHash, accountId: commit.accountId, nonce: commit.expectedNonce, work: work, attempts: 0)
        // Not a child task: a caller that stops waiting leaves the attempt running to its end.
        let attempt = Task { await self.attemptSigning(transaction) }
        switch await Self.value(of: attempt, within: wait) {
        case .signed(let signatures)?:
            return .executed(
                ExecuteResult(plan: plan, signatures: signatures, txHash: commit.txHash, accountId: commit.accountId, nonce: commit.expectedNonce + 1)
            )
        case .failed(let error)?:
            throw error
        case .willRetry?, .abandoned?, nil:
            return .signing(signing)
        }
    }

    /// Asks the signer for every signature of a `signing` transaction whose lease this attempt
    /// holds, and records the end (or the next try's time) with the observers' records.
    @discardableResult
    func attemptSigning(_ transaction: SigningTransaction) async -> SigningAttempt {
        var signatures: [ChainSignatureResult] = []
        let failure: EngineError?
        do throws(EngineError) {
            for request in transaction.work.requests {
                signatures += try await self.signatures(for: request)
            }
            failure = nil
        } catch {
            failure = error
        }
        let at = now()
        let txHash = transaction.txHash
        switch failure {
        case nil:
            let result = transaction.work.result(
                txHash: txHash,
                accountId: transaction.accountId,
                nonce: transaction.nonce + 1,
                signatures: signatures
            )
            var settlement = SigningSettlement(txHash: txHash, change: .executed(result: result), recordedAt: at)
            settlement.broadcasts = broadcasts(of: transaction.work.signedResults(signatures), txHash: txHash, at: at)
            let ended = await settle(settlement, .executed(txHash: txHash, result: result))
            return ended ? .signed(signatures) : .abandoned
        case let error? where error.category == .unavailable:
            let retryAt = at.addingTimeInterval(Self.backoff(afterAttempts: transaction.attempts + 1))
            let written = await settle(SigningSettlement(txHash: txHash, change: .retry(at: retryAt, error: error), recordedAt: at), nil)
            return written ? .willRetry(error) : .abandoned
        case let error?:
            let ended = await settle(SigningSettlement(txHash: txHash, change: .failed(error), recordedAt: at), .failed(txHash: txHash, error: error))
            return ended ? .failed(error) : .abandoned
        }
    }

    /// Seconds before the next attempt after `attempts` failed ones: 2, 4, 8, … up to 5 minutes.
    static func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(300, 2 * pow(2, Double(min(attempts, 16) - 1)))
    }

    /// Writes `settlement`, with the observers' records when it is an end, then tells them.
    /// A store that fails leaves the transaction `signing` under its lease: it is tried again
    /// when the lease expires.
    private func settle(_ settlement: SigningSettlement, _ outcome: SigningOutcome?) async -> Bool {
        var settlement = settlement
        let observers = settlementObservers.withLock { $0 }
        if let outcome { settlement.awaitingReplies = observers.compactMap { $0.awaitingReplies(for: outcome) } }
        guard (try? await store.settleSigning(settlement)) == true else { return false }
        if let outcome {
            for observer in observers { await observer.settled(outcome) }
        }
        return true
    }

    /// Registers `observer` for the ends of `signing` transactions.
    package func observeSigningSettlements(_ observer: any SigningSettlementObserver) {
        settlementObservers.withLock { $0.append(observer) }
    }

    /// The end of `task` if it comes within `limit`, else nil (the task goes on).
    static func value<T: Sendable>(of task: Task<T, Never>, within limit: Duration) async -> T? {
        guard limit > .zero else { return nil }
        let waiting = LockedBox<CheckedContinuation<T?, Never>?>(nil)
        return await withCheckedContinuation { continuation in
            waiting.withLock { $0 = continuation }
            Task {
                let value = await task.value
                waiting.withLock { $0.take() }?.resume(returning: value)
            }
            Task {
                try? await Task.sleep(for: limit)
                waiting.withLock { $0.take() }?.resume(returning: nil)
            }
        }
    }
}

extension ExecuteResult {
    /// The result of `plan` once its signatures (those of its requests, in order) are in.
    init(plan: ActionPlan, signatures: [ChainSignatureResult], txHash: String, accountId: String, nonce: UInt64) {
        let signed = Dictionary(uniqueKeysWithValues: SigningWork(plan).signedResults(signatures).map { ($0.offset, $0.element) })
        let results: [ActionResult] = plan.steps.enumerated().compactMap { index, step in
            switch step {
            case .done(let result): result
            case .sign: signed[index]
            }
        }
        self.init(txHash: txHash, accountId: accountId, nonce: nonce, results: results)
    }
}
