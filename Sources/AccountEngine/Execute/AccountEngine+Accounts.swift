/// Accounts and what the store recorded of executions, as the other ways in read them.
extension AccountEngine {
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

    /// The transaction committed under `txHash`: executed, `signing`, or `failed` with its reason.
    public func transactionRecord(txHash: String) async throws(EngineError) -> TransactionRecord? {
        try await storeCall { try await self.store.transactionRecord(txHash: txHash.lowercased()) }
    }

    public func executedTransaction(txHash: String) async throws(EngineError) -> ExecutedTransaction? {
        do {
            return try await store.executedTransaction(txHash: txHash.lowercased())
        } catch {
            throw Self.storeError(error)
        }
    }
}
