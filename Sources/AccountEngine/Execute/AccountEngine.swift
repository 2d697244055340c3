import ChainSigner
import Foundation

/// The one execute path every way in shares (email, wallets, passkeys, OIDC): it checks
/// ExecuteArgs in the order of PROTOCOL.md section 4, runs the actions, and commits them with the
/// nonce increment as one compare-and-set.
public final class AccountEngine: Sendable {
    public let store: any AccountStore
    public let signer: any Signer
    public let verifier: any ProofVerifier
    private let now: @Sendable () -> Date

    public init(
        store: any AccountStore,
        signer: any Signer,
        verifier: any ProofVerifier = ProofVerifierRegistry(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.signer = signer
        self.verifier = verifier
        self.now = now
    }

    /// Executes `args` or refuses it with the first failing check. A refusal changes nothing.
    ///
    /// Signatures are computed before the commit but released only after it: when another
    /// execution wins the nonce in between, they are discarded and `nonce_mismatch` is answered.
    public func execute(_ args: ExecuteArgs) async throws(EngineError) -> ExecuteResult {
        try await execute(args, attaching: { _ in nil })
    }

    /// `execute`, with a record made from the result committed in the same store transaction
    /// (`SQLiteCommitAttachment`: only for a caller whose records live in the SQLite store's database).
    package func execute(
        _ args: ExecuteArgs,
        attaching attachment: (ExecuteResult) -> (any SQLiteCommitAttachment)?
    ) async throws(EngineError) -> ExecuteResult {
        let transaction = args.transaction.transaction
        let txHash = args.transaction.txHashHex

        // 1 and 2. The account exists, holds authIdentity and authTarget, and has the nonce. The
        // execution read may come from the store's cache, so a refusal is confirmed by a fresh read.
        var account = try await loadAccount(transaction.accountId, forExecution: true)
        if Self.refusal(of: args, on: account) != nil {
            account = try await loadAccount(transaction.accountId)
            if let refusal = Self.refusal(of: args, on: account) { throw refusal }
        }
        guard let account else { throw .accountNotFound(transaction.accountId) }

        // 3. The message names the transaction (WebAuthn and OIDC carry it in their challenge or nonce).
        if args.authIdentity.kind.messageCarriesTxHash, case .messageSignature = args.evidence {
            guard Self.asciiLowercased(args.message).contains(txHash) else { throw .messageMissingTxHash(txHash) }
        }

        // 4. The proof holds.
        let proof = ProofInput(
            identity: args.authIdentity,
            message: args.message,
            evidence: args.evidence,
            txHash: args.transaction.txHash,
            now: now()
        )
        var proofStateChanges: [ProofStateChange] = []
        switch await verifier.verify(proof) {
        case .valid: break
        case .validIfCommitted(let change): proofStateChanges.append(change)
        case .refused(let error): throw error
        }

        // 5. The actions, planned on a copy of the account, then signed, then committed.
        let plan = try Self.plan(transaction.actions, on: account, authTarget: args.authTarget)
        var results: [ActionResult] = []
        for step in plan.steps {
            switch step {
            case .done(let result): results.append(result)
            case .sign(let payload, let derivationPath): results.append(.callChainSig(try await sign(payload, derivationPath)))
            }
        }
        let result = ExecuteResult(txHash: txHash, accountId: account.accountId, nonce: account.nonce + 1, results: results)
        var commit = AccountCommit(
            accountId: account.accountId,
            expectedNonce: account.nonce,
            change: plan.deletesAccount
                ? .deleteAccount
                : plan.identities == account.authIdentities ? .keepIdentities(plan.identities) : .replaceIdentities(plan.identities),
            txHash: txHash,
            resultJSON: result.json.compactText,
            executedAt: now(),
            proofStateChanges: proofStateChanges
        )
        commit.attachment = attachment(result)
        let outcome: CommitOutcome
        do {
            outcome = try await store.commit(commit)
        } catch {
            throw Self.storeError(error)
        }
        switch outcome {
        case .committed: return result
        case .nonceConflict: throw .nonceRaced
        case .proofStateConflict(let error): throw error
        }
    }

    public func createAccount(id accountId: String, identity: AuthIdentity) async throws(EngineError) -> Account {
        try await createAccount(id: accountId, identities: [identity])
    }

    /// Creates an account holding several identities at once (operators seeding accounts, replays):
    /// 1 to 16 of them, none twice, as AddKey would allow.
    public func createAccount(id accountId: String, identities: [AuthIdentity]) async throws(EngineError) -> Account {
        try AccountID.validate(accountId)
        guard !identities.isEmpty else { throw .invalidRequest("an account holds at least one identity") }
        guard identities.count <= 16 else { throw .tooManyIdentities }
        guard Set(identities).count == identities.count else { throw .identityAlreadyPresent }
        do {
            return try await store.createAccount(id: accountId, identities: identities)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// The account, or `account_not_found`.
    public func account(id accountId: String) async throws(EngineError) -> Account {
        guard let account = try await loadAccount(accountId) else { throw .accountNotFound(accountId) }
        return account
    }

    public func accounts(holding identity: AuthIdentity) async throws(EngineError) -> [Account] {
        do {
            return try await store.accounts(holding: identity)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// The account as `execute` will first read it (possibly from memory, see
    /// `AccountStore.accountForExecution`): for a caller preparing ExecuteArgs, never for answering
    /// what an account holds.
    public func accountForExecution(id accountId: String) async throws(EngineError) -> Account {
        guard let account = try await loadAccount(accountId, forExecution: true) else { throw .accountNotFound(accountId) }
        return account
    }

    /// The execution an email's DKIM signature (`b=`) authorised, if any.
    public func acceptedEmail(dkimSignature: String) async throws(EngineError) -> AcceptedEmail? {
        do {
            return try await store.acceptedEmail(dkimSignature: dkimSignature)
        } catch {
            throw Self.storeError(error)
        }
    }

    public func executedTransaction(txHash: String) async throws(EngineError) -> ExecutedTransaction? {
        do {
            return try await store.executedTransaction(txHash: txHash.lowercased())
        } catch {
            throw Self.storeError(error)
        }
    }

    /// The first failing check of section 4 steps 1 and 2, in order.
    private static func refusal(of args: ExecuteArgs, on account: Account?) -> EngineError? {
        let transaction = args.transaction.transaction
        guard let account else { return .accountNotFound(transaction.accountId) }
        guard account.holds(args.authIdentity) else { return .identityNotOnAccount }
        guard account.holds(args.authTarget) else { return .authTargetNotOnAccount }
        guard transaction.nonce == account.nonce else { return .nonceMismatch(expected: account.nonce, got: transaction.nonce) }
        return nil
    }

    private func loadAccount(_ accountId: String, forExecution: Bool = false) async throws(EngineError) -> Account? {
        do {
            return forExecution ? try await store.accountForExecution(id: accountId) : try await store.account(id: accountId)
        } catch {
            throw Self.storeError(error)
        }
    }

    private func sign(_ payload: [UInt8], _ derivationPath: String) async throws(EngineError) -> ChainSignatureResult {
        do {
            let signed = try await signer.sign(payload: payload, derivationPath: derivationPath)
            return ChainSignatureResult(derivationPath: signed.derivationPath, publicKey: signed.publicKey, signature: signed.signature)
        } catch let error as ChainSignerError {
            throw .signerUnavailable("\(error.code): \(error.message)")
        } catch {
            throw .signerUnavailable("\(error)")
        }
    }

    static func storeError(_ error: any Error) -> EngineError {
        (error as? EngineError) ?? .storeUnavailable("\(error)")
    }

    private static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
