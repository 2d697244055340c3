import ChainTransactions
import Foundation

/// Where accounts, nonces and executed transactions live. The SQLite store is the embedded
/// default; a PostgreSQL store implements the same protocol for several instances sharing state.
///
/// Errors thrown are `EngineError` for refusals the caller must see (`account_exists`); anything
/// else is a failure of the store itself, which the engine reports as `store_unavailable`.
public protocol AccountStore: Sendable {
    /// Creates `accountId` holding `identities` (1 to 16, no repeats, checked by the engine). Refuses an existing id (`account_exists`). An id
    /// used before and deleted starts at the nonce its deletion left (never reused).
    func createAccount(id accountId: String, identities: [AuthIdentity]) async throws -> Account

    func account(id accountId: String) async throws -> Account?

    /// The account as `execute` reads it before checking and committing a transaction. Stores may
    /// read it where the following `commit` will be cheapest; the default is `account(id:)`.
    func accountForExecution(id accountId: String) async throws -> Account?

    /// Every account holding `identity` (by its canonical key, through an index), ordered by id.
    func accounts(holding identity: AuthIdentity) async throws -> [Account]

    /// Applies an executed transaction atomically if and only if the account still exists with
    /// nonce `commit.expectedNonce` (compare-and-set): the new identities or the deletion, the
    /// nonce raised by one, the result recorded under txHash, and `commit.mailRecord` written.
    func commit(_ commit: AccountCommit) async throws -> CommitOutcome

    func executedTransaction(txHash: String) async throws -> ExecutedTransaction?

    /// The transaction committed under `txHash`, executed, `signing` or `failed`.
    func transactionRecord(txHash: String) async throws -> TransactionRecord?

    /// Takes the lease of `signing` transactions for one attempt each: those due at `now` (their
    /// back-off or an earlier lease expired), oldest first, at most `limit`. Each is leased until
    /// `leaseUntil`, so no other attempt takes it meanwhile.
    func claimSigningTransactions(now: Date, leaseUntil: Date, limit: Int) async throws -> [SigningTransaction]

    /// Makes every `signing` transaction due at `now`, whatever lease it had: at start-up, the
    /// attempts of a process that stopped hold none any more.
    func releaseSigningLeases(now: Date) async throws

    /// Writes the end of an attempt on a `signing` transaction, with the mails' replies it answers, if it is
    /// still `signing`; false (nothing written) otherwise.
    func settleSigning(_ settlement: SigningSettlement) async throws -> Bool

    /// What accepted the DKIM signature `dkimSignature` (an email's `b=` value), if anything did.
    func acceptedEmail(dkimSignature: String) async throws -> AcceptedEmail?

    /// Keeps a transaction awaiting proofs with `keep.proofs` in one store transaction, applying
    /// their proof state changes as `commit` does, and answers the transaction with every proof
    /// it now holds. Serialised with other writes, so of two proofs kept at once the second sees
    /// the first: a transaction whose last proofs arrive together is never left incomplete.
    func keep(_ keep: ProofsToKeep) async throws -> KeepOutcome

    /// The transaction kept under `txHash`, unless it expired before `now`.
    func pendingTransaction(txHash: String, now: Date) async throws -> PendingTransaction?

    /// Identities on accounts that an executed AddKey added without a recorded consent, and
    /// identities that break the path rules of section 1 (`chainmail audit`).
    func auditIdentities() async throws -> [IdentityAuditFinding]
}

extension AccountStore {
    /// Creates `accountId` holding the one `identity`.
    public func createAccount(id accountId: String, identity: AuthIdentity) async throws -> Account {
        try await createAccount(id: accountId, identities: [identity])
    }

    public func accountForExecution(id accountId: String) async throws -> Account? {
        try await account(id: accountId)
    }
}

/// The state change of one executed transaction.
public struct AccountCommit: Sendable {
    public enum Change: Sendable, Hashable {
        case replaceIdentities([AuthIdentity])
        /// Only the nonce moves (a transaction of CallChainSig actions): the identities, given so
        /// the store can keep what it caches current, stay as they are.
        case keepIdentities([AuthIdentity])
        case deleteAccount
    }

    public let accountId: String
    public let expectedNonce: UInt64
    public let change: Change
    public let txHash: String
    public let resultJSON: String
    public let executedAt: Date
    /// State the proof consumed (a passkey's sign counter), applied in the same store transaction.
    public let proofStateChanges: [ProofStateChange]
    /// The identities the transaction adds, each with its consent (section 4.1), recorded so that
    /// `chainmail audit` can tell them from identities added before consents were required.
    public var consentedIdentities: [AuthIdentity] = []
    /// The transaction was kept awaiting proofs (or prepared): the commit removes it and its proofs.
    public var clearsPending = false
    /// The mail's record, written in the same store transaction (`MailLedgerRecord`).
    package var mailRecord: MailLedgerRecord?
    /// For a remote signer (PROTOCOL.md section 6): the transaction is recorded as `signing` with
    /// this work, leased until the given date to the attempt that follows the commit; `resultJSON`
    /// is then unused.
    package var signing: (work: SigningWork, leaseUntil: Date)?
    /// The signed chain transactions of the execution, recorded `pending` for the broadcaster
    /// (PROTOCOL.md section 8.4).
    package var broadcasts: [Broadcast] = []
    /// The transaction as it was sent (JSON), kept for its summary (GET /v1/transactions/{txHash}).
    public var transactionJSON: String?

    public init(
        accountId: String,
        expectedNonce: UInt64,
        change: Change,
        txHash: String,
        resultJSON: String,
        executedAt: Date,
        proofStateChanges: [ProofStateChange] = []
    ) {
        self.accountId = accountId
        self.expectedNonce = expectedNonce
        self.change = change
        self.txHash = txHash
        self.resultJSON = resultJSON
        self.executedAt = executedAt
        self.proofStateChanges = proofStateChanges
    }
}

public enum CommitOutcome: Sendable, Hashable {
    case committed
    /// The account is gone or its nonce moved on since it was read: nothing was written.
    case nonceConflict(currentNonce: UInt64?)
    /// A proof state change no longer held (another execution consumed it first): nothing was written.
    case proofStateConflict(EngineError)
}

/// A transaction that executed, with the result JSON that was answered.
public struct ExecutedTransaction: Sendable, Hashable {
    public let txHash: String
    public let accountId: String
    public let nonce: UInt64
    public let resultJSON: String
    public let executedAt: Date

    public init(txHash: String, accountId: String, nonce: UInt64, resultJSON: String, executedAt: Date) {
        self.txHash = txHash
        self.accountId = accountId
        self.nonce = nonce
        self.resultJSON = resultJSON
        self.executedAt = executedAt
    }
}
