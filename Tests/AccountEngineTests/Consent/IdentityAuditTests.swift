import AccountEngine
import ChainSigner
import ChainmailTestSupport
import Foundation
import GRDB
import Testing

/// `chainmail audit`'s query (`AccountStore.auditIdentities`): identities an executed AddKey added
/// without a recorded consent, and stored identities that break the path rules of section 1.
@Suite("identity audit: AddKeys without a recorded consent and identities breaking the path rules are listed")
struct IdentityAuditTests {
    @Test("an identity added before consents is listed, one added with consent is not, one breaking the path rules is listed")
    func findings() async throws {
        let fixture = try await ConsentFixture.make()
        defer { fixture.removeFiles() }
        let wallet = try await PeerWallet.make()
        let consenting = try await PeerWallet.make()
        _ = try await fixture.engine.createAccount(id: "alice", identity: try wallet.identity)
        _ = try await fixture.engine.createAccount(id: "bob", identity: try wallet.identity)

        // Added today, with its consent: recorded, so not listed.
        let addKey = try await wallet.executeArgs(TransactionText.make("alice", nonce: 0, [TransactionText.addKey(try consenting.identity)]))
        let executed = try await fixture.engine.execute(addKey.with(consents: [try await consenting.approval(txHash: addKey.transaction.txHashHex)]))
        #expect(executed.results == [.addKey(try consenting.identity)])
        #expect(try await fixture.store.auditIdentities().isEmpty)

        // Added before 1.1: an executed AddKey and the identity row, and no consent row, written
        // as the old engine wrote them. A second such AddKey whose identity was removed since.
        let borrowed = try ConsentFixture.oidcIdentity("victim@example.com")
        let removed = try ConsentFixture.oidcIdentity("gone@example.com")
        let oldTxHash = String(repeating: "0a", count: 32)
        let removedTxHash = String(repeating: "0b", count: 32)
        let executedAt = Date(timeIntervalSince1970: 1_760_000_000)
        @Sendable func result(_ txHash: String, nonce: UInt64, _ identity: AuthIdentity) -> String {
            ExecuteResult(txHash: txHash, accountId: "alice", nonce: nonce, results: [.addKey(identity)]).json.compactText
        }
        // A stored identity breaking the path rules: the colliding OIDC identity of issue 10.
        let collidingKey = #"{"type":"OIDC","value":{"clientId":"/accounts.google.com/demo","email":"alice@gmail.com","issuer":"https:"}}"#
        try await fixture.store.database.write { db in
            for (txHash, nonce, identity) in [(oldTxHash, UInt64(1), borrowed), (removedTxHash, UInt64(2), removed)] {
                try db.execute(
                    sql:
                        "INSERT INTO transactions (tx_hash, account_id, nonce, status, result_json, recorded_at) VALUES (?, 'alice', ?, 'executed', ?, ?)",
                    arguments: [txHash, nonce, result(txHash, nonce: nonce + 1, identity), executedAt.timeIntervalSince1970]
                )
            }
            try db.execute(
                sql: "INSERT INTO account_identities (account_id, position, identity_key, match_key) VALUES ('alice', 2, ?, ?)",
                arguments: [borrowed.canonicalKey, borrowed.matchKey]
            )
            try db.execute(
                sql: "INSERT INTO account_identities (account_id, position, identity_key, match_key) VALUES ('bob', 1, ?, ?)",
                arguments: [collidingKey, collidingKey]
            )
        }

        let findings = try await fixture.store.auditIdentities()
        #expect(findings.count == 2, "\(findings)")
        #expect(
            findings.contains(
                IdentityAuditFinding(accountId: "alice", identity: borrowed, problem: .addedWithoutConsent(txHash: oldTxHash, executedAt: executedAt))
            ),
            "\(findings)"
        )
        let pathFinding = try #require(findings.first { $0.problem == .breaksPathRules })
        #expect(pathFinding.accountId == "bob")
        #expect(pathFinding.identity.canonicalKey == collidingKey)
        #expect(!pathFinding.identity.satisfiesPathRules)
        #expect(!findings.contains { $0.identity == (try? consenting.identity) })
        #expect(!findings.contains { $0.identity == removed })

        // The stored identities still load: the accounts keep working while the operator decides.
        #expect(try await fixture.store.account(id: "bob")?.authIdentities.count == 2)
        #expect(try await fixture.store.account(id: "alice")?.authIdentities.contains(borrowed) == true)
    }
}
