import AccountEngine
import ChainSigner
import ChainmailTestSupport
import Foundation
import GRDB
import Testing

/// A database written by the engine before 1.1 (schema v3), opened by today's store.
@Suite("migration from schema v3: accounts load, identities are matched by key, passkey counters move to the match key")
struct SchemaV3MigrationTests {
    /// The tables of migrations v1 to v3 exactly as they were created, and GRDB's record of them.
    static let v3Schema = """
        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
        INSERT INTO grdb_migrations VALUES ('v1: accounts, identities, nonces, transactions'),
            ('v2: OIDC issuer keys, WebAuthn sign counters'), ('v3: accepted email signatures');
        CREATE TABLE account_nonces (account_id TEXT PRIMARY KEY NOT NULL, next_nonce INTEGER NOT NULL CHECK (next_nonce >= 0)) STRICT;
        CREATE TABLE accounts (account_id TEXT PRIMARY KEY NOT NULL REFERENCES account_nonces(account_id), created_at REAL NOT NULL) STRICT;
        CREATE TABLE account_identities (
            account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            identity_key TEXT NOT NULL,
            PRIMARY KEY (account_id, identity_key)
        ) STRICT;
        CREATE INDEX account_identities_by_identity ON account_identities(identity_key, account_id);
        CREATE TABLE transactions (
            tx_hash TEXT PRIMARY KEY NOT NULL, account_id TEXT NOT NULL, nonce INTEGER NOT NULL,
            status TEXT NOT NULL, result_json TEXT, recorded_at REAL NOT NULL
        ) STRICT;
        CREATE TABLE oidc_keys (
            issuer TEXT NOT NULL, kid TEXT NOT NULL, jwk_json TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('jwks_url', 'jwks_file', 'operator')),
            recorded_at REAL NOT NULL, PRIMARY KEY (issuer, kid)
        ) STRICT;
        CREATE TABLE webauthn_sign_counts (
            credential TEXT PRIMARY KEY NOT NULL,
            sign_count INTEGER NOT NULL CHECK (sign_count > 0 AND sign_count <= 4294967295),
            updated_at REAL NOT NULL
        ) STRICT;
        CREATE TABLE accepted_email_signatures (
            dkim_signature TEXT PRIMARY KEY NOT NULL, tx_hash TEXT NOT NULL, redelivery_key TEXT, accepted_at REAL NOT NULL
        ) STRICT;
        """

    @Test("an old database opens: accounts load (a non-https issuer included), the counter is found under the match key")
    func opensV3() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-v3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("accounts.sqlite").path
        let passkey = try await PeerPasskey.make()
        let wallet = try await PeerWallet.make()
        let webAuthn = try passkey.identity
        // The same key under another keyId, whose counter an old engine kept apart.
        let otherKeyId = try AuthIdentity(.webAuthn(keyId: "b2xkLWtleS1pZA", publicKey: try #require([UInt8](hex: passkey.publicKey))))
        let oldOIDC = #"{"type":"OIDC","value":{"clientId":"c","email":"old@example.com","issuer":"i"}}"#

        let old = try DatabaseQueue(path: path)
        try await old.write { db in
            try db.execute(sql: Self.v3Schema)
            try db.execute(sql: "INSERT INTO account_nonces VALUES ('legacy', 3), ('gone', 9)")
            try db.execute(sql: "INSERT INTO accounts VALUES ('legacy', 1700000000)")
            try db.execute(
                sql: "INSERT INTO account_identities VALUES ('legacy', 0, ?), ('legacy', 1, ?), ('legacy', 2, ?)",
                arguments: [try wallet.identity.canonicalKey, oldOIDC, webAuthn.canonicalKey]
            )
            try db.execute(
                sql: "INSERT INTO webauthn_sign_counts VALUES (?, 7, 1700000000), (?, 9, 1700000001)",
                arguments: [webAuthn.canonicalKey, otherKeyId.canonicalKey]
            )
        }
        try old.close()

        let store = try SQLiteAccountStore(path: path)
        let account = try #require(try await store.account(id: "legacy"))
        #expect(account.nonce == 3)
        #expect(account.authIdentities.count == 3)
        #expect(account.authIdentities[0] == (try wallet.identity))
        #expect(account.authIdentities[1].canonicalKey == oldOIDC)
        #expect(!account.authIdentities[1].satisfiesPathRules)
        #expect(account.authIdentities[2] == webAuthn)
        // Lookup by identity goes through the match key: either keyId finds the account.
        #expect(try await store.accounts(holding: otherKeyId).map(\.accountId) == ["legacy"])
        // The two counters of one key became one, the higher.
        #expect(try await store.webAuthnSignCount(credential: webAuthn.matchKey) == 9)
        // The audit lists the identity breaking the path rules.
        #expect(try await store.auditIdentities().map(\.problem) == [.breaksPathRules])

        // The engine refuses a counter at or below it, and goes on from there.
        let verifiers = try ProofVerifierRegistry.standard(settings: .testing(), store: store, httpClient: nil)
        let engine = AccountEngine(
            store: store,
            signer: try LocalSigner(dataDirectory: directory.path, predecessor: "chainmail.testnet"),
            verifier: verifiers
        )
        func args(_ signCount: UInt32) async throws -> ExecuteArgs {
            let transaction = try SignedTransaction(jsonText: TransactionText.make("legacy", nonce: 3, [TransactionText.callChainSig()]))
            let proof = try await passkey.approval(txHash: transaction.txHashHex, signCount: signCount)
            return ExecuteArgs(transaction: transaction, authIdentity: webAuthn, message: "", evidence: proof.evidence)
        }
        #expect(await EngineError.code { try await engine.submit(try await args(9)) } == "webauthn_counter_regressed")
        #expect(try await engine.submit(try await args(10)).executed?.nonce == 4)
    }

    @Test("an old account holding one passkey under two keyIds (two identities before 1.1, one now) still opens")
    func twoKeyIdsOnOneAccount() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chainmail-v3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("accounts.sqlite").path
        let passkey = try await PeerPasskey.make()
        let first = try passkey.identity
        let second = try AuthIdentity(.webAuthn(keyId: "b2xkLWtleS1pZA", publicKey: try #require([UInt8](hex: passkey.publicKey))))
        let old = try DatabaseQueue(path: path)
        try await old.write { db in
            try db.execute(sql: Self.v3Schema)
            try db.execute(sql: "INSERT INTO account_nonces VALUES ('twice', 0)")
            try db.execute(sql: "INSERT INTO accounts VALUES ('twice', 1700000000)")
            try db.execute(
                sql: "INSERT INTO account_identities VALUES ('twice', 0, ?), ('twice', 1, ?)",
                arguments: [first.canonicalKey, second.canonicalKey]
            )
        }
        try old.close()
        let store = try SQLiteAccountStore(path: path)
        let account = try #require(try await store.account(id: "twice"))
        #expect(account.authIdentities.map(\.canonicalKey) == [first.canonicalKey])
        #expect(try await store.accounts(holding: second).map(\.accountId) == ["twice"])
    }
}
