import AccountEngine
import ChainSigner
import ChainmailTestSupport
import Foundation
import GRDB

/// A clock a test moves forward by hand, for an engine's `now:`. It runs with the real clock
/// otherwise, so ID tokens the peer issues now stay within their skew.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var offset: TimeInterval = 0

    func now() -> Date { Date().addingTimeInterval(lock.withLock { offset }) }

    func advance(by seconds: TimeInterval) {
        lock.withLock { offset += seconds }
    }
}

/// Every verifier (`AuthFixture`), the peer OIDC provider's keys registered for the test issuer,
/// and an engine on a clock the test moves, for consent (section 4.1) scenarios.
struct ConsentFixture {
    /// One RSA key made by PyJWT's side for the whole run: making one costs a python start.
    static let sharedProvider = Task { try await PeerOIDCProvider.make() }

    let auth: AuthFixture
    let clock: TestClock
    let engine: AccountEngine
    let provider: PeerOIDCProvider

    var store: SQLiteAccountStore { auth.sqliteStore }

    static func make(pendingLifetime: TimeInterval = AccountEngine.defaultPendingLifetime) async throws -> ConsentFixture {
        let auth = try AuthFixture()
        let provider = try await sharedProvider.value
        try await auth.oidcKeys.importJWKS(provider.jwksBytes, issuer: AuthenticationSettings.testIssuer)
        let clock = TestClock()
        let engine = AccountEngine(
            store: auth.store,
            signer: auth.signer,
            verifier: auth.verifiers,
            pendingLifetime: pendingLifetime,
            now: { clock.now() }
        )
        return ConsentFixture(auth: auth, clock: clock, engine: engine, provider: provider)
    }

    func removeFiles() { auth.removeFiles() }

    /// An OIDC identity of the peer provider (test issuer and client).
    static func oidcIdentity(_ email: String) throws -> AuthIdentity {
        try AuthIdentity(.oidc(issuer: AuthenticationSettings.testIssuer, clientId: AuthenticationSettings.testClientId, email: email))
    }

    /// The account's nonce as stored, nil when there is no such account.
    func nonce(_ accountId: String) async throws -> UInt64? {
        try await store.account(id: accountId)?.nonce
    }

    func identities(_ accountId: String) async throws -> [AuthIdentity] {
        try await store.account(id: accountId)?.authIdentities ?? []
    }

    /// How many transactions are recorded executed for the account (read from the store's own table).
    func executedCount(_ accountId: String) async throws -> Int {
        try await store.database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM transactions WHERE account_id = ? AND status = 'executed'", arguments: [accountId])
                ?? 0
        }
    }
}

extension ExecutionOutcome {
    var executed: ExecuteResult? {
        if case .executed(let result) = self { return result }
        return nil
    }

    var awaiting: AwaitingProofs? {
        if case .awaitingProofs(let awaiting) = self { return awaiting }
        return nil
    }
}
