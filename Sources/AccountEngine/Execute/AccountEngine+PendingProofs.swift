import Foundation

/// Transactions kept until every identity they add has consented (PROTOCOL.md section 4.1): the
/// proofs that arrive one by one, the transactions prepared for approval by mail, and the
/// execution of a kept transaction by the proof that completes it.
extension AccountEngine {
    /// Adds one proof to a kept transaction (POST /v1/transactions/{txHash}/proofs): the
    /// authority's when its identity is on the account, else a consent of an identity the
    /// transaction adds. Executes the transaction when the proof completes it.
    public func addProof(_ proof: ApprovalProof, toTransaction txHash: String) async throws(EngineError) -> ExecutionOutcome {
        let txHash = txHash.lowercased()
        if try await executedTransaction(txHash: txHash) != nil { throw .transactionExecuted }
        guard let pending = try await pendingTransaction(txHash: txHash) else {
            // It may have executed (and stopped being kept) since the first look.
            if try await executedTransaction(txHash: txHash) != nil { throw .transactionExecuted }
            throw .transactionNotFound(txHash)
        }
        let signed = try SignedTransaction(jsonText: pending.transactionJSON)
        let account = try await account(id: signed.transaction.accountId)
        if account.holds(proof.authIdentity) {
            return try await submit(Submission(transaction: signed, authority: proof, consents: []), recording: { _ in nil })
        }
        guard signed.transaction.addedIdentities.contains(proof.authIdentity) else { throw .identityNotOnAccount }
        return try await submit(Submission(transaction: signed, authority: nil, consents: [proof]), recording: { _ in nil })
    }

    /// Keeps `signed` for approval by mail or by proofs posted later (POST /v1/transactions).
    /// Preparing the same transaction again changes nothing.
    /// A chain transaction on a chain that is not configured is refused; so is one whose `from`
    /// is not derived for the transaction's own `authTarget`, when it names one.
    public func prepare(_ signed: SignedTransaction) async throws(EngineError) -> PendingTransaction {
        let chains = try await chainContext(for: signed.transaction)
        if let authTarget = signed.transaction.authTarget {
            for transaction in signed.transaction.evmTransactions {
                try chains.check(transaction, derivationPath: authTarget.path + "," + transaction.path)
            }
            for transaction in signed.transaction.bitcoinTransactions {
                try chains.check(transaction, derivationPath: authTarget.path + "," + transaction.path)
            }
        }
        return try await keep(Submission(transaction: signed, authority: nil, consents: []), proofStateChanges: [])
    }

    /// The transaction kept under `txHash` awaiting proofs (or prepared), unless it expired.
    public func pendingTransaction(txHash: String) async throws(EngineError) -> PendingTransaction? {
        let at = now()
        return try await storeCall { try await self.store.pendingTransaction(txHash: txHash.lowercased(), now: at) }
    }

    /// What a kept transaction still awaits, or nil when it is not kept.
    public func awaitedProofs(txHash: String) async throws(EngineError) -> AwaitingProofs? {
        guard let pending = try await pendingTransaction(txHash: txHash), !pending.proofs.isEmpty else { return nil }
        let signed = try SignedTransaction(jsonText: pending.transactionJSON)
        return Self.awaiting(pending, signed)
    }

    /// Keeps the submission's proofs with its transaction, and answers the transaction as kept.
    func keep(_ submission: Submission, proofStateChanges: [ProofStateChange]) async throws(EngineError) -> PendingTransaction {
        let signed = submission.transaction
        let at = now()
        var proofs: [KeptProof] = []
        if let authority = submission.authority {
            proofs.append(
                KeptProof(
                    identity: authority.authIdentity,
                    role: .authority,
                    authTarget: submission.authTarget,
                    evidenceJSON: authority.evidence.recordJSON(message: authority.message),
                    recordedAt: at
                )
            )
        }
        for consent in submission.consents {
            proofs.append(
                KeptProof(
                    identity: consent.authIdentity,
                    role: .consent,
                    authTarget: nil,
                    evidenceJSON: consent.evidence.recordJSON(message: consent.message),
                    recordedAt: at
                )
            )
        }
        let keep = ProofsToKeep(
            txHash: signed.txHashHex,
            accountId: signed.transaction.accountId,
            transactionJSON: signed.sent.compactText,
            expiresAt: at.addingTimeInterval(pendingLifetime),
            proofs: proofs,
            proofStateChanges: proofStateChanges,
            now: at
        )
        switch try await storeCall({ try await self.store.keep(keep) }) {
        case .kept(let pending): return pending
        case .proofStateConflict(let error): throw error
        }
    }

    /// Executes a kept transaction once it holds an authority proof and every consent; else
    /// answers what it awaits. The kept proofs' state was consumed when they were kept.
    func settle(
        _ pending: PendingTransaction,
        _ signed: SignedTransaction,
        mailRecord: @escaping (ExecutionOutcome) -> MailLedgerRecord?
    ) async throws(EngineError) -> ExecutionOutcome {
        let awaiting = Self.awaiting(pending, signed)
        guard let authority = pending.authority, awaiting.missing.isEmpty else { return .awaitingProofs(awaiting) }
        let authTarget = signed.transaction.authTarget ?? authority.authTarget ?? authority.identity
        let kept = Submission(transaction: signed, authority: nil, consents: [])
        let account = try await checkedAccount(signed.transaction.accountId) { account in
            guard let account else { return .accountNotFound(signed.transaction.accountId) }
            guard account.holds(authority.identity) else { return .identityNotOnAccount }
            guard account.holds(authTarget) else { return .authTargetNotOnAccount }
            return Self.refusal(of: kept, on: account, executesNow: true)
        }
        return try await run(signed, on: account, authTarget: authTarget, proofStateChanges: [], clearsPending: true, mailRecord: mailRecord)
    }

    static func awaiting(_ pending: PendingTransaction, _ signed: SignedTransaction) -> AwaitingProofs {
        AwaitingProofs(
            txHash: pending.txHash,
            accountId: pending.accountId,
            missing: signed.transaction.addedIdentities.filter { !pending.hasConsent(of: $0) },
            authorityProven: pending.authority != nil,
            expiresAt: pending.expiresAt
        )
    }
}
