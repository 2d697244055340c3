import AsyncHTTPClient
import ChainSigner
import ChainTransactions
import Foundation
import Synchronization

/// The one execute path every way in shares (email, wallets, passkeys, OIDC): it checks a
/// transaction's proofs in the order of PROTOCOL.md section 4, keeps them while identities it adds
/// have not consented (section 4.1), runs the actions, and commits them with the nonce increment
/// as one compare-and-set.
public final class AccountEngine: Sendable {
    /// How long a transaction awaiting proofs, and the proofs kept with it, are kept (section 4.1).
    public static let defaultPendingLifetime: TimeInterval = 7 * 86_400

    public let store: any AccountStore
    public let signer: any Signer
    public let verifier: any ProofVerifier
    /// The service id that wallet approval lines name (section 4 step 3).
    public let serviceId: String
    public let pendingLifetime: TimeInterval
    /// How long an execution through a remote signer waits for its signatures before it answers
    /// `signing` (`signer.waitSeconds`); the signing goes on.
    public let signingWait: Duration
    /// The chains EVMTransaction actions may name, and their nodes (PROTOCOL.md section 8.4).
    public let chains: ChainRegistry
    /// The client of the chains' nodes (filling in nonces and fees).
    let httpClient: HTTPClient
    let now: @Sendable () -> Date
    let settlementObservers = Mutex<[any SigningSettlementObserver]>([])

    public init(
        store: any AccountStore,
        signer: any Signer,
        verifier: any ProofVerifier = ProofVerifierRegistry(),
        serviceId: String = AuthenticationSettings.defaultServiceId,
        pendingLifetime: TimeInterval = AccountEngine.defaultPendingLifetime,
        signingWait: Duration = .seconds(30),
        chains: ChainRegistry = .builtIn,
        httpClient: HTTPClient = .shared,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.signer = signer
        self.verifier = verifier
        self.serviceId = serviceId
        self.pendingLifetime = pendingLifetime
        self.signingWait = signingWait
        self.chains = chains
        self.httpClient = httpClient
        self.now = now
    }

    /// Executes `args`, or keeps it with its proofs while identities it adds have not consented
    /// (section 4.1), or refuses it with the first failing check. A refusal changes nothing.
    public func submit(_ args: ExecuteArgs) async throws(EngineError) -> ExecutionOutcome {
        try await submit(Submission(args), recording: { _ in nil })
    }

    /// `submit`, for a caller that wants the result now: a transaction that passes every check but
    /// would await proofs is refused with `awaiting_proofs`, and nothing is kept. One still signing
    /// after `signingWait` is answered `signer_unavailable` (it goes on signing).
    public func execute(_ args: ExecuteArgs) async throws(EngineError) -> ExecuteResult {
        switch try await submit(Submission(args), keepingProofs: false, recording: { _ in nil }) {
        case .executed(let result): return result
        case .awaitingProofs: throw .awaitingProofs([])
        case .signing(let signing):
            throw .signerUnavailable("\(signing.txHash) is still signing; GET /v1/transactions/\(signing.txHash) tells its end")
        }
    }

    /// The one path every way in shares. Checks section 4 steps 1 to 5 in order; when an authority
    /// proof and every consent are present, runs the actions and commits them with the nonce
    /// increment as one compare-and-set. Otherwise keeps the transaction with the valid proofs
    /// (`AccountStore.keep`), and executes it if the kept proofs now complete it.
    ///
    /// `recording` makes a mail's record from the outcome (`executed`, or `signing` with a remote
    /// signer) that the commit writes in the same store transaction (`MailLedgerRecord`).
    /// `signingWait` overrides the engine's for this call (a mail, answered by the reply that its
    /// end queues, waits for nothing).
    package func submit(
        _ submission: Submission,
        keepingProofs: Bool = true,
        signingWait: Duration? = nil,
        recording mailRecord: @escaping (ExecutionOutcome) -> MailLedgerRecord?
    ) async throws(EngineError) -> ExecutionOutcome {
        let signed = submission.transaction
        let executesNow = submission.authority != nil && submission.hasEveryConsent

        // 1 and 2, and each consent's place in the transaction.
        let account = try await checkedAccount(signed.transaction.accountId) { account in
            Self.refusal(of: submission, on: account, executesNow: executesNow)
        }

        // 3 and 4 for the authority's proof, then 5: each consent proven the same way.
        var proofStateChanges: [ProofStateChange] = []
        if let authority = submission.authority { try await verify(authority, for: signed, into: &proofStateChanges) }
        for consent in submission.consents { try await verify(consent, for: signed, into: &proofStateChanges) }

        if executesNow, let authTarget = submission.authTarget {
            // clearsPending: the same transaction may have been kept earlier (its authority's proof
            // sent alone); executed, it is no longer awaiting anything.
            return try await run(
                signed,
                on: account,
                authTarget: authTarget,
                proofStateChanges: proofStateChanges,
                clearsPending: true,
                signingWait: signingWait,
                mailRecord: mailRecord
            )
        }

        // Refused now rather than kept: the actions cannot apply to this account.
        _ = try Self.plan(
            signed.transaction.actions,
            on: account,
            authTarget: submission.authTarget ?? account.authIdentities[0],
            chains: try await chainContext(for: signed.transaction)
        )
        guard keepingProofs else {
            let consented = Set(submission.consents.map(\.authIdentity))
            throw .awaitingProofs(signed.transaction.addedIdentities.filter { !consented.contains($0) })
        }
        let pending = try await keep(submission, proofStateChanges: proofStateChanges)
        return try await settle(pending, signed, mailRecord: mailRecord)
    }

    /// The first failing check of section 4 steps 1 and 2, in order, and of each consent's place:
    /// a consent must come from an identity the transaction adds. The nonce must equal the
    /// account's for a transaction that executes now; one kept for later must not be behind it.
    static func refusal(of submission: Submission, on account: Account?, executesNow: Bool) -> EngineError? {
        let transaction = submission.transaction.transaction
        guard let account else { return .accountNotFound(transaction.accountId) }
        if let authority = submission.authority {
            guard account.holds(authority.authIdentity) else { return .identityNotOnAccount }
            if let claim = submission.authTargetClaim, claim != submission.authTarget { return .authTargetNotSigned }
        }
        if let authTarget = submission.authTarget ?? transaction.authTarget {
            guard account.holds(authTarget) else { return .authTargetNotOnAccount }
        }
        let added = transaction.addedIdentities
        for consent in submission.consents where !added.contains(consent.authIdentity) {
            return account.holds(consent.authIdentity) ? .consentNotRequested : .identityNotOnAccount
        }
        if executesNow {
            guard transaction.nonce == account.nonce else { return .nonceMismatch(expected: account.nonce, got: transaction.nonce) }
        } else {
            guard transaction.nonce >= account.nonce else { return .nonceMismatch(expected: account.nonce, got: transaction.nonce) }
        }
        return nil
    }

    /// The account, checked by `refusal`. The execution read may come from the store's cache, so
    /// a refusal is confirmed by a fresh read before it is answered.
    func checkedAccount(
        _ accountId: String,
        refusal: (Account?) -> EngineError?
    ) async throws(EngineError) -> Account {
        var account = try await loadAccount(accountId, forExecution: true)
        if refusal(account) != nil {
            account = try await loadAccount(accountId)
            if let refused = refusal(account) { throw refused }
        }
        guard let account else { throw .accountNotFound(accountId) }
        return account
    }

    /// Section 4 steps 3 and 4 for one proof; the proof state it consumes is added to `changes`.
    private func verify(_ proof: ApprovalProof, for signed: SignedTransaction, into changes: inout [ProofStateChange]) async throws(EngineError) {
        if proof.authIdentity.kind.signsApprovalLine, case .messageSignature = proof.evidence {
            try ApprovalLine.check(proof.message, serviceId: serviceId, txHash: signed.txHashHex)
        }
        let input = ProofInput(identity: proof.authIdentity, message: proof.message, evidence: proof.evidence, txHash: signed.txHash, now: now())
        switch await verifier.verify(input) {
        case .valid: break
        case .validIfCommitted(let change): if !changes.contains(change) { changes.append(change) }
        case .refused(let error): throw error
        }
    }

    /// Step 6: the actions, planned on a copy of the account, then signed, then committed.
    ///
    /// With the local signer, signatures are computed before the commit but released only after
    /// it: when another execution wins the nonce in between, they are discarded and
    /// `nonce_mismatch` is answered. A remote signer is asked only after the commit (`runSigning`).
    func run(
        _ signed: SignedTransaction,
        on account: Account,
        authTarget: AuthIdentity,
        proofStateChanges: [ProofStateChange],
        clearsPending: Bool,
        signingWait: Duration? = nil,
        mailRecord: (ExecutionOutcome) -> MailLedgerRecord?
    ) async throws(EngineError) -> ExecutionOutcome {
        let chains = try await chainContext(for: signed.transaction)
        let plan = try Self.plan(signed.transaction.actions, on: account, authTarget: authTarget, chains: chains)
        if signer.isRemote, case let work = SigningWork(plan), !work.requests.isEmpty {
            let commit = AccountCommit(
                signed,
                on: account,
                plan: plan,
                resultJSON: "",
                proofStateChanges: proofStateChanges,
                clearsPending: clearsPending,
                at: now()
            )
            return try await runSigning(commit, work: work, plan: plan, wait: signingWait ?? self.signingWait, mailRecord: mailRecord)
        }
        var results: [ActionResult] = []
        for step in plan.steps {
            switch step {
            case .done(let result): results.append(result)
            case .sign(let request): results.append(request.result(try await signatures(for: request)))
            }
        }
        let result = ExecuteResult(txHash: signed.txHashHex, accountId: account.accountId, nonce: account.nonce + 1, results: results)
        var commit = AccountCommit(
            signed,
            on: account,
            plan: plan,
            resultJSON: result.json.compactText,
            proofStateChanges: proofStateChanges,
            clearsPending: clearsPending,
            at: now()
        )
        commit.mailRecord = mailRecord(.executed(result))
        commit.broadcasts = broadcasts(of: result.results.enumerated(), txHash: result.txHash, at: commit.executedAt)
        try await commitOrRefuse(commit)
        return .executed(result)
    }

    /// Writes `commit`; a nonce or proof state that moved on since the account was read is refused.
    func commitOrRefuse(_ commit: AccountCommit) async throws(EngineError) {
        switch try await storeCall({ try await self.store.commit(commit) }) {
        case .committed: return
        case .nonceConflict: throw .nonceRaced
        case .proofStateConflict(let error): throw error
        }
    }

    func loadAccount(_ accountId: String, forExecution: Bool = false) async throws(EngineError) -> Account? {
        try await storeCall { forExecution ? try await self.store.accountForExecution(id: accountId) : try await self.store.account(id: accountId) }
    }

    /// A store call whose failure is the engine's `store_unavailable` unless it is a refusal.
    func storeCall<T>(_ body: () async throws -> T) async throws(EngineError) -> T {
        do {
            return try await body()
        } catch {
            throw Self.storeError(error)
        }
    }

    /// One signature. A failure that may pass is `signer_unavailable` naming the signer's code; a
    /// refusal for good (a wrong answer, a payload the signer refuses) keeps the signer's code.
    func sign(_ payload: [UInt8], _ derivationPath: String) async throws(EngineError) -> ChainSignatureResult {
        do {
            let signed = try await signer.sign(payload: payload, derivationPath: derivationPath)
            return ChainSignatureResult(derivationPath: signed.derivationPath, publicKey: signed.publicKey, signature: signed.signature)
        } catch let error as ChainSignerError {
            if error.isTemporary { throw .signerUnavailable("\(error.code): \(error.message)") }
            throw EngineError(error.code, message: error.message)
        } catch {
            throw .signerUnavailable("\(error)")
        }
    }

    /// The signatures `request` asks for, one per payload, in order.
    func signatures(for request: SignatureRequest) async throws(EngineError) -> [ChainSignatureResult] {
        var signatures: [ChainSignatureResult] = []
        for payload in request.payloads {
            signatures.append(try await sign(payload, request.derivationPath))
        }
        return signatures
    }

    static func storeError(_ error: any Error) -> EngineError {
        (error as? EngineError) ?? .storeUnavailable("\(error)")
    }

}
